import {
  entraDisable,
  entraDisableLegacy,
  expectScimError,
  oktaDeactivate,
  oktaReactivate,
  PATCH_SCHEMA,
  patchOf,
} from './scim-client-requests.spec-helper.js';
import { applyUserPatch } from './scim-patch.js';
import type { ScimUserRecord } from './scim-user.js';

const current: ScimUserRecord = {
  id: 'u-1',
  userName: 'ada@contoso.com',
  externalId: 'ext-1',
  active: true,
  displayName: 'Ada Lovelace',
  givenName: 'Ada',
  familyName: 'Lovelace',
  email: 'ada@contoso.com',
  created: new Date('2026-01-01T00:00:00Z'),
  lastModified: new Date('2026-01-01T00:00:00Z'),
  version: 4,
};
const inactive: ScimUserRecord = { ...current, active: false };

describe('applyUserPatch: (de)activation as each IdP sends it', () => {
  it.each([
    ['Entra without its compliance flag (Replace, "False")', entraDisableLegacy],
    ['Entra with the flag (replace, false)', entraDisable],
    ['Okta (replace without a path, { active: false })', oktaDeactivate],
    ['Entra, path-less add', patchOf({ op: 'Add', value: { active: 'False' } })],
  ])('deactivates: %s', (_client, body) => {
    const { user, changes } = applyUserPatch(current, body);
    expect(user.active).toBe(false);
    expect(changes).toEqual({ changed: ['active'], deactivated: true, reactivated: false });
  });

  it.each([
    ['Entra without its flag', patchOf({ op: 'Replace', path: 'active', value: 'True' })],
    ['Entra with its flag', patchOf({ op: 'replace', path: 'active', value: true })],
    ['Okta', oktaReactivate],
  ])('reactivates: %s', (_client, body) => {
    const { user, changes } = applyUserPatch(inactive, body);
    expect(user.active).toBe(true);
    expect(changes).toEqual({ changed: ['active'], deactivated: false, reactivated: true });
  });

  it('reports no transition when active is set to what it already is', () => {
    expect(applyUserPatch(inactive, oktaDeactivate).changes).toEqual({
      changed: [],
      deactivated: false,
      reactivated: false,
    });
  });

  it('never modifies current and keeps its other fields', () => {
    const before = structuredClone(current);
    const { user } = applyUserPatch(current, entraDisableLegacy);
    expect(current).toEqual(before);
    expect(user).not.toBe(current);
    expect(user).toEqual({ ...current, active: false });
  });
});

describe('applyUserPatch: profile updates', () => {
  it("applies Entra's update of the work email and family name, and skips what it does not keep", () => {
    const body = patchOf(
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' },
      { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
      { op: 'Add', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager', value: 'mgr-2' },
      { op: 'Replace', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555 0100' },
      { op: 'Add', path: 'nickName', value: 'Babs' },
      { op: 'Replace', path: 'title', value: 'Engineer' },
      { op: 'Remove', path: 'addresses[type eq "work"].locality' },
    );
    const { user, changes } = applyUserPatch(current, body);
    expect(user).toEqual({ ...current, email: 'updatedEmail@microsoft.com', familyName: 'updatedFamilyName' });
    expect(changes.changed).toEqual(['familyName', 'email']);
  });

  it("applies Entra's path-less multi-attribute replace (attribute paths as keys)", () => {
    const body = patchOf({
      op: 'replace',
      value: {
        displayName: 'Countess of Lovelace',
        'name.givenName': 'Augusta',
        'emails[type eq "work"].value': 'augusta@contoso.com',
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department': 'Analytics',
        nickName: 'Babs',
      },
    });
    const { user, changes } = applyUserPatch(current, body);
    expect(user).toMatchObject({ displayName: 'Countess of Lovelace', givenName: 'Augusta', familyName: 'Lovelace' });
    expect(user.email).toBe('augusta@contoso.com');
    expect(changes.changed).toEqual(['displayName', 'givenName', 'email']);
  });

  it('changes userName and externalId, with add acting as replace on single values', () => {
    const body = patchOf(
      { op: 'Add', path: 'userName', value: '  ada.king@contoso.com ' },
      { op: 'replace', path: 'externalId', value: 'ext-2' },
    );
    const { user, changes } = applyUserPatch(current, body);
    expect(user).toMatchObject({ userName: 'ada.king@contoso.com', externalId: 'ext-2' });
    expect(changes).toEqual({ changed: ['userName', 'externalId'], deactivated: false, reactivated: false });
    const okta = applyUserPatch(current, patchOf({ op: 'replace', value: { active: false, userName: 'x' } }));
    expect(okta.user).toMatchObject({ active: false, userName: 'x' });
    expect(okta.changes).toMatchObject({ changed: ['userName', 'active'], deactivated: true });
  });

  it('takes paths and attribute names in any case, and the core User URN prefix', () => {
    const body = patchOf(
      { op: 'REPLACE', path: 'ACTIVE', value: false },
      { op: 'replace', path: 'urn:ietf:params:scim:schemas:core:2.0:User:displayName', value: 'A. L.' },
      { op: 'replace', path: 'Name.GivenName', value: 'A.' },
      { op: 'replace', path: 'EMAILS[TYPE EQ "WORK"].VALUE', value: 'al@contoso.com' },
    );
    expect(applyUserPatch(current, body).user).toMatchObject({
      active: false,
      displayName: 'A. L.',
      givenName: 'A.',
      email: 'al@contoso.com',
    });
  });

  it('replaces the sub-attributes sent in a name value and leaves the others', () => {
    const { user } = applyUserPatch(current, patchOf({ op: 'replace', path: 'name', value: { givenName: 'Augusta' } }));
    expect(user).toMatchObject({ givenName: 'Augusta', familyName: 'Lovelace' });
    const path = applyUserPatch(current, patchOf({ op: 'replace', value: { name: { familyName: 'King' } } }));
    expect(path.user).toMatchObject({ givenName: 'Ada', familyName: 'King' });
  });

  it('reads an emails list: replace takes its primary, add without a usable address keeps the kept one', () => {
    const list = [
      { value: 'home@x.org', type: 'home' },
      { value: 'new@contoso.com', type: 'work', primary: 'True' },
    ];
    expect(applyUserPatch(current, patchOf({ op: 'replace', path: 'emails', value: list })).user.email).toBe(
      'new@contoso.com',
    );
    expect(applyUserPatch(current, patchOf({ op: 'add', path: 'emails', value: [] })).user.email).toBe(
      'ada@contoso.com',
    );
    expect(applyUserPatch(current, patchOf({ op: 'replace', path: 'emails', value: [] })).user.email).toBeUndefined();
    // An added home address does not displace the kept work one; an added work one does.
    const home = patchOf({ op: 'add', path: 'emails', value: [{ value: 'home@x.org', type: 'home' }] });
    expect(applyUserPatch(current, home).user.email).toBe('ada@contoso.com');
    const work = patchOf({ op: 'Add', path: 'emails', value: [{ value: 'w@contoso.com', type: 'work' }] });
    expect(applyUserPatch(current, work).user.email).toBe('w@contoso.com');
  });

  it('removes what may be removed', () => {
    const body = patchOf(
      { op: 'remove', path: 'displayName' },
      { op: 'Remove', path: 'externalId' },
      { op: 'remove', path: 'emails[type eq "work"].value' },
      { op: 'remove', path: 'name' },
    );
    const { user, changes } = applyUserPatch(current, body);
    expect(user).toMatchObject({ userName: 'ada@contoso.com', active: true });
    for (const field of ['displayName', 'externalId', 'email', 'givenName', 'familyName'] as const) {
      expect({ field, value: user[field] }).toEqual({ field, value: undefined });
    }
    expect(changes.changed).toEqual(['externalId', 'displayName', 'givenName', 'familyName', 'email']);
    // null in a replace clears an optional attribute too (RFC 7643 §2.5).
    expect(applyUserPatch(current, patchOf({ op: 'replace', path: 'displayName', value: null })).user.displayName).toBe(
      undefined,
    );
  });
});

describe('applyUserPatch: refusals, with nothing applied', () => {
  it('refuses removing userName or active (mutability) and a remove without a path (noTarget)', () => {
    expectScimError(() => applyUserPatch(current, patchOf({ op: 'remove', path: 'userName' })), 400, 'mutability');
    expectScimError(() => applyUserPatch(current, patchOf({ op: 'Remove', path: 'active' })), 400, 'mutability');
    expectScimError(() => applyUserPatch(current, patchOf({ op: 'remove' })), 400, 'noTarget');
    expectScimError(() => applyUserPatch(current, patchOf({ op: 'remove', value: { active: true } })), 400, 'noTarget');
  });

  it('refuses bad value types and sizes with invalidValue', () => {
    for (const operation of [
      { op: 'replace', path: 'active', value: 'no' },
      { op: 'replace', path: 'active', value: null },
      { op: 'replace', path: 'active', value: 0 },
      { op: 'replace', path: 'active', value: [false] },
      { op: 'replace', path: 'active' },
      { op: 'replace', value: { active: 'FALSE' } },
      { op: 'replace', path: 'userName', value: '' },
      { op: 'replace', path: 'userName', value: null },
      { op: 'replace', path: 'userName', value: 'u'.repeat(256) },
      { op: 'replace', path: 'userName', value: 'line\nbreak' },
      { op: 'replace', path: 'externalId', value: 12 },
      { op: 'replace', path: 'displayName', value: { text: 'x' } },
      { op: 'replace', path: 'name', value: 'Ada Lovelace' },
      { op: 'replace', path: 'emails', value: 'ada@contoso.com' },
      { op: 'replace', path: 'emails[type eq "work"].value', value: ['ada@contoso.com'] },
      { op: 'replace', value: 'active=false' },
      { op: 'replace', value: [{ active: false }] },
      { op: 'replace', value: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`x${i}`, i])) },
    ]) {
      expectScimError(() => applyUserPatch(current, patchOf(operation)), 400, 'invalidValue');
    }
  });

  it('refuses a body that is not a PatchOp, and unknown ops (invalidSyntax)', () => {
    for (const body of [
      undefined,
      null,
      'op=replace',
      [entraDisable],
      { Operations: entraDisable.Operations },
      { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], Operations: entraDisable.Operations },
      { schemas: [PATCH_SCHEMA] },
      { schemas: [PATCH_SCHEMA], Operations: [] },
      { schemas: [PATCH_SCHEMA], Operations: { op: 'replace' } },
      { schemas: [PATCH_SCHEMA], Operations: entraDisable.Operations, operations: entraDisable.Operations },
      patchOf('replace active false'),
      patchOf(null),
      patchOf({ op: 'move', path: 'active', value: false }),
      patchOf({ op: 'copy', path: 'active', value: false }),
      patchOf({ path: 'active', value: false }),
      patchOf({ op: ['replace'], path: 'active', value: false }),
      patchOf({ op: 'replace', value: { active: false, Active: true } }),
    ]) {
      expectScimError(() => applyUserPatch(current, body), 400, 'invalidSyntax');
    }
    // The key's case does not matter on its own.
    expect(applyUserPatch(current, { schemas: [PATCH_SCHEMA], operations: entraDisable.Operations }).user.active).toBe(
      false,
    );
  });

  it('refuses a path that is not a non-empty bounded string (invalidPath)', () => {
    for (const path of ['', 42, ['active'], { attribute: 'active' }, `x${'y'.repeat(600)}`]) {
      expectScimError(
        () => applyUserPatch(current, patchOf({ op: 'replace', path, value: false })),
        400,
        'invalidPath',
      );
    }
  });

  it('never echoes a long path or value in the detail', () => {
    const path = `displayName${'p'.repeat(400)}`;
    const missing = expectScimError(() => applyUserPatch(current, patchOf({ op: 'add', path })), 400, 'invalidValue');
    expect(missing.detail).not.toContain('p'.repeat(41));
    const op = expectScimError(() => applyUserPatch(current, patchOf({ op: 'o'.repeat(400) })), 400, 'invalidSyntax');
    expect(op.detail).not.toContain('o'.repeat(41));
  });

  it('refuses more than 50 operations', () => {
    const many = Array.from({ length: 51 }, () => ({ op: 'replace', path: 'displayName', value: 'x' }));
    expectScimError(() => applyUserPatch(current, patchOf(...many)), 400, 'invalidValue');
    expect(applyUserPatch(current, patchOf(...many.slice(1))).user.displayName).toBe('x');
  });

  it('applies nothing when a later operation fails', () => {
    const before = structuredClone(current);
    expectScimError(
      () => applyUserPatch(current, patchOf(entraDisable.Operations[0], { op: 'replace', path: 'userName', value: 7 })),
      400,
      'invalidValue',
    );
    expect(current).toEqual(before);
  });
});

describe('applyUserPatch: hostile input', () => {
  it('ignores prototype keys as paths and as value keys, and pollutes nothing', () => {
    const parsed = JSON.parse(
      `{"schemas":["${PATCH_SCHEMA}"],"Operations":[` +
        `{"op":"replace","value":{"__proto__":{"active":false},"constructor":{"prototype":{"polluted":true}}}},` +
        `{"op":"replace","path":"__proto__","value":{"active":false}},` +
        `{"op":"replace","path":"constructor.prototype.polluted","value":true},` +
        `{"op":"add","path":"__proto__.userName","value":"mallory"}]}`,
    ) as unknown;
    const { user, changes } = applyUserPatch(current, parsed);
    expect(changes.changed).toEqual([]);
    expect(user).toEqual(current);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).active).toBeUndefined();
    expect(Object.getPrototypeOf(user)).toBe(Object.prototype);
  });

  it('does not read operations or values inherited from a prototype', () => {
    const body = Object.assign(Object.create({ Operations: entraDisable.Operations }) as object, {
      schemas: [PATCH_SCHEMA],
    });
    expectScimError(() => applyUserPatch(current, body), 400, 'invalidSyntax');
    const value = Object.create({ active: false }) as object;
    expect(applyUserPatch(current, patchOf({ op: 'replace', value })).user.active).toBe(true);
  });

  it('skips deeply nested values under paths it does not keep, and refuses them where it does', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 10_000; i++) deep = { nested: deep };
    const skipped = patchOf({
      op: 'add',
      path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
      value: deep,
    });
    expect(applyUserPatch(current, skipped).changes.changed).toEqual([]);
    expectScimError(
      () => applyUserPatch(current, patchOf({ op: 'replace', path: 'displayName', value: deep })),
      400,
      'invalidValue',
    );
    expectScimError(
      () => applyUserPatch(current, patchOf({ op: 'replace', path: 'name', value: { givenName: deep } })),
      400,
      'invalidValue',
    );
  });

  it('skips look-alike paths that are not the kept ones', () => {
    for (const path of [
      'emails[type eq "home"].value',
      'emails[type eq "work"]',
      'emails[type eq "work"].display',
      'emails.value',
      'active ',
      ' active',
      'name.middleName',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:active',
      'members[value eq "u-1"]',
    ]) {
      const { changes } = applyUserPatch(current, patchOf({ op: 'replace', path, value: 'False' }));
      expect({ path, changed: changes.changed }).toEqual({ path, changed: [] });
    }
  });
});
