import { oktaCreate } from './scim-client-requests.spec-helper.js';
import { readUserBody, type ScimUserRecord } from './scim-user.js';
import { replaceUser, userChanges } from './scim-user-changes.js';

describe('userChanges', () => {
  const ada = { userName: 'ada', active: true, displayName: 'Ada' };

  it('lists the attributes that differ, in a fixed order', () => {
    expect(userChanges(ada, ada)).toEqual({ changed: [], deactivated: false, reactivated: false });
    expect(userChanges(ada, { ...ada, email: 'a@x.org', userName: 'ADA' }).changed).toEqual(['userName', 'email']);
    expect(userChanges(ada, { userName: 'ada', active: true }).changed).toEqual(['displayName']);
  });

  it('says whether active went true → false or false → true, and only then', () => {
    expect(userChanges(ada, { ...ada, active: false })).toEqual({
      changed: ['active'],
      deactivated: true,
      reactivated: false,
    });
    expect(userChanges({ ...ada, active: false }, ada)).toEqual({
      changed: ['active'],
      deactivated: false,
      reactivated: true,
    });
    expect(userChanges({ ...ada, active: false }, { ...ada, active: false })).toMatchObject({
      deactivated: false,
      reactivated: false,
    });
  });
});

describe('replaceUser (PUT)', () => {
  const current: ScimUserRecord = {
    id: 'u-1',
    userName: 'test.user@okta.local',
    externalId: '00ujl29u0le5T6Aj10h7',
    active: true,
    displayName: 'Test User',
    givenName: 'Test',
    familyName: 'User',
    email: 'test.user@okta.local',
    created: new Date('2026-01-01T00:00:00Z'),
    lastModified: new Date('2026-01-01T00:00:00Z'),
    version: 1,
  };

  it("applies Okta's profile update (PUT with the whole profile) and keeps the bookkeeping", () => {
    const body = {
      ...oktaCreate,
      id: 'u-1',
      name: { givenName: 'Another', familyName: 'User' },
      meta: { resourceType: 'User' },
    };
    const before = structuredClone(current);
    const { user, changes } = replaceUser(current, readUserBody(body, { requireUserName: false }));
    expect(user).toEqual({ ...current, givenName: 'Another' });
    expect(changes).toEqual({ changed: ['givenName'], deactivated: false, reactivated: false });
    expect(current).toEqual(before);
  });

  it('deactivates and reactivates through active in a PUT', () => {
    const off = replaceUser(current, readUserBody({ ...oktaCreate, active: false }, { requireUserName: true }));
    expect(off.user.active).toBe(false);
    expect(off.changes.deactivated).toBe(true);
    const on = replaceUser(off.user, readUserBody({ ...oktaCreate, active: 'True' }, { requireUserName: true }));
    expect(on.changes).toMatchObject({ changed: ['active'], reactivated: true, deactivated: false });
  });

  it('keeps userName, externalId and active when left out, and clears profile attributes left out', () => {
    const input = readUserBody({ schemas: oktaCreate.schemas, displayName: 'Only This' }, { requireUserName: false });
    const { user, changes } = replaceUser(current, input);
    expect(user).toEqual({
      ...current,
      displayName: 'Only This',
      givenName: undefined,
      familyName: undefined,
      email: undefined,
    });
    expect(changes.changed).toEqual(['displayName', 'givenName', 'familyName', 'email']);
    expect(changes.deactivated).toBe(false);
  });
});
