import {
  ENTERPRISE_SCHEMA,
  entraCreate,
  expectScimError,
  oktaCreate,
  USER_SCHEMA,
} from './scim-client-requests.spec-helper.js';
import { readUserBody, type ScimUserRecord, toScimUser } from './scim-user.js';

describe('readUserBody', () => {
  it("reads Entra's create, keeping what the package keeps and ignoring meta, roles and the extension", () => {
    expect(readUserBody(entraCreate, { requireUserName: true })).toEqual({
      userName: 'Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1',
      externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
      active: true,
      displayName: undefined,
      givenName: 'givenName',
      familyName: 'familyName',
      email: 'Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com',
    });
  });

  it("reads Okta's create, ignoring its password, locale and groups", () => {
    const input = readUserBody(oktaCreate, { requireUserName: true });
    expect(input).toEqual({
      userName: 'test.user@okta.local',
      externalId: '00ujl29u0le5T6Aj10h7',
      active: true,
      displayName: 'Test User',
      givenName: 'Test',
      familyName: 'User',
      email: 'test.user@okta.local',
    });
    expect(JSON.stringify(input)).not.toContain('1mz050nq');
  });

  it("takes Entra's string booleans for active, and leaves a missing active to the caller", () => {
    for (const [sent, read] of [
      ['True', true],
      ['true', true],
      ['False', false],
      ['false', false],
      [false, false],
    ] as const) {
      expect(readUserBody({ ...entraCreate, active: sent }, { requireUserName: true }).active).toBe(read);
    }
    const { active: _active, ...withoutActive } = entraCreate;
    expect(readUserBody(withoutActive, { requireUserName: true }).active).toBeUndefined();
    expect(readUserBody({ ...entraCreate, active: null }, { requireUserName: true }).active).toBeUndefined();
    for (const active of ['FALSE', 'no', '0', 0, 1, 'yes', '', [], {}]) {
      expectScimError(() => readUserBody({ ...entraCreate, active }, { requireUserName: true }), 400, 'invalidValue');
    }
  });

  it('trims the userName and requires it on a create, not on a replace', () => {
    expect(readUserBody({ ...oktaCreate, userName: '  ada@contoso.com\t' }, { requireUserName: true }).userName).toBe(
      'ada@contoso.com',
    );
    const { userName: _userName, ...withoutUserName } = oktaCreate;
    expectScimError(() => readUserBody(withoutUserName, { requireUserName: true }), 400, 'invalidValue');
    expect(readUserBody(withoutUserName, { requireUserName: false }).userName).toBeUndefined();
    // Sent, it is checked even when not required.
    expectScimError(
      () => readUserBody({ ...oktaCreate, userName: '' }, { requireUserName: false }),
      400,
      'invalidValue',
    );
    for (const userName of [
      '',
      '   ',
      null,
      42,
      ['a'],
      { value: 'a' },
      'a'.repeat(256),
      'ada\n@contoso.com',
      'a\u0000',
    ]) {
      expectScimError(() => readUserBody({ ...oktaCreate, userName }, { requireUserName: true }), 400, 'invalidValue');
    }
    expect(readUserBody({ ...oktaCreate, userName: 'a'.repeat(255) }, { requireUserName: true }).userName).toHaveLength(
      255,
    );
  });

  it('keeps externalId exactly and bounds it', () => {
    const input = readUserBody({ ...oktaCreate, externalId: ' 00u-spaced ' }, { requireUserName: true });
    expect(input.externalId).toBe(' 00u-spaced ');
    expectScimError(
      () => readUserBody({ ...oktaCreate, externalId: 'e'.repeat(256) }, { requireUserName: true }),
      400,
      'invalidValue',
    );
    expectScimError(
      () => readUserBody({ ...oktaCreate, externalId: 7 }, { requireUserName: true }),
      400,
      'invalidValue',
    );
    expect(readUserBody({ ...oktaCreate, externalId: '' }, { requireUserName: true }).externalId).toBeUndefined();
  });

  it('requires the core User schema in schemas', () => {
    for (const schemas of [
      undefined,
      [],
      [ENTERPRISE_SCHEMA],
      USER_SCHEMA,
      [USER_SCHEMA.toUpperCase()],
      Array(21).fill(USER_SCHEMA),
    ]) {
      expectScimError(() => readUserBody({ ...oktaCreate, schemas }, { requireUserName: true }), 400, 'invalidSyntax');
    }
  });

  it('refuses a body that is not an object', () => {
    for (const body of [undefined, null, 'userName=ada', 42, [oktaCreate]]) {
      expectScimError(() => readUserBody(body, { requireUserName: true }), 400, 'invalidSyntax');
    }
  });

  it('reads attribute names in any case, but refuses two spellings of one attribute', () => {
    const input = readUserBody({ Schemas: [USER_SCHEMA], USERNAME: 'ada', Active: 'False' }, { requireUserName: true });
    expect(input).toMatchObject({ userName: 'ada', active: false });
    expectScimError(
      () => readUserBody({ ...oktaCreate, UserName: 'mallory' }, { requireUserName: true }),
      400,
      'invalidSyntax',
    );
  });

  it('chooses the primary email, else the first work one, else the first, and checks the list', () => {
    const read = (emails: unknown) => readUserBody({ ...oktaCreate, emails }, { requireUserName: true }).email;
    expect(
      read([
        { value: 'home@x.org', type: 'home' },
        { value: 'work@x.org', type: 'work' },
      ]),
    ).toBe('work@x.org');
    expect(
      read([
        { value: 'a@x.org', type: 'work' },
        { value: 'b@x.org', type: 'home', primary: 'True' },
      ]),
    ).toBe('b@x.org');
    expect(read([{ value: 'only@x.org' }])).toBe('only@x.org');
    expect(
      read([
        { value: '', type: 'work' },
        { value: 'next@x.org', type: 'other' },
      ]),
    ).toBe('next@x.org');
    expect(read([])).toBeUndefined();
    // Two primaries are refused even when the first has no address.
    expectScimError(
      () =>
        read([
          { value: '', primary: true },
          { value: 'b@x.org', primary: true },
        ]),
      400,
      'invalidValue',
    );
    expect(read(null)).toBeUndefined();
    for (const emails of [
      'ada@x.org',
      { value: 'ada@x.org' },
      ['ada@x.org'],
      [{ value: 42 }],
      [{ value: `${'a'.repeat(250)}@x.org` }],
      [{ value: 'a@x.org', primary: 'yes' }],
      [{ value: 'a@x.org', type: { work: true } }],
      [
        { value: 'a@x.org', primary: true },
        { value: 'b@x.org', primary: true },
      ],
      Array.from({ length: 11 }, (_, i) => ({ value: `a${i}@x.org` })),
    ]) {
      expectScimError(() => read(emails), 400, 'invalidValue');
    }
  });

  it('checks name and displayName types and sizes', () => {
    for (const patch of [
      { name: 'Ada Lovelace' },
      { name: ['Ada'] },
      { name: { givenName: 42 } },
      { name: { familyName: 'f'.repeat(256) } },
      { displayName: { text: 'Ada' } },
      { displayName: 'd'.repeat(256) },
    ]) {
      expectScimError(() => readUserBody({ ...oktaCreate, ...patch }, { requireUserName: true }), 400, 'invalidValue');
    }
    const input = readUserBody({ ...oktaCreate, name: null, displayName: '  ' }, { requireUserName: true });
    expect(input).toMatchObject({ givenName: undefined, familyName: undefined, displayName: undefined });
  });

  it('is not fooled by prototype keys and ignores deep nesting in attributes it does not keep', () => {
    const parsed = JSON.parse(
      `{"schemas":["${USER_SCHEMA}"],"userName":"ada",` +
        `"__proto__":{"active":false,"userName":"mallory"},"constructor":{"prototype":{"x":1}}}`,
    ) as unknown;
    const input = readUserBody(parsed, { requireUserName: true });
    expect(input.userName).toBe('ada');
    expect(input.active).toBeUndefined();
    expect(({} as Record<string, unknown>).active).toBeUndefined();
    // An inherited attribute is not an attribute of the body.
    const inherited = Object.assign(Object.create({ active: false }) as object, {
      schemas: [USER_SCHEMA],
      userName: 'ada',
    });
    expect(readUserBody(inherited, { requireUserName: true }).active).toBeUndefined();
    let deep: unknown = 'bottom';
    for (let i = 0; i < 10_000; i++) deep = { nested: deep };
    expect(readUserBody({ ...oktaCreate, [ENTERPRISE_SCHEMA]: deep }, { requireUserName: true }).userName).toBe(
      'test.user@okta.local',
    );
    expectScimError(
      () => readUserBody({ ...oktaCreate, name: { givenName: deep } }, { requireUserName: true }),
      400,
      'invalidValue',
    );
  });
});

describe('toScimUser', () => {
  const record: ScimUserRecord = {
    id: 'u 1/2',
    userName: 'ada@contoso.com',
    externalId: 'ext-1',
    active: false,
    displayName: 'Ada Lovelace',
    givenName: 'Ada',
    familyName: undefined,
    email: 'ada@contoso.com',
    created: new Date('2026-04-22T10:00:00Z'),
    lastModified: new Date('2026-04-23T11:30:00Z'),
    version: 3,
  };

  it('renders the resource with schemas, meta, a weak ETag version and the location under the base URL', () => {
    expect(toScimUser(record, 'https://app.example.com/scim/v2/')).toEqual({
      schemas: [USER_SCHEMA],
      id: 'u 1/2',
      externalId: 'ext-1',
      userName: 'ada@contoso.com',
      active: false,
      displayName: 'Ada Lovelace',
      name: { givenName: 'Ada' },
      emails: [{ value: 'ada@contoso.com', type: 'work', primary: true }],
      meta: {
        resourceType: 'User',
        created: '2026-04-22T10:00:00.000Z',
        lastModified: '2026-04-23T11:30:00.000Z',
        version: 'W/"3"',
        location: 'https://app.example.com/scim/v2/Users/u%201%2F2',
      },
    });
  });

  it('leaves out absent attributes instead of sending null, but always sends active', () => {
    const bare = toScimUser(
      {
        ...record,
        externalId: undefined,
        displayName: undefined,
        givenName: undefined,
        email: undefined,
        active: true,
      },
      'https://app.example.com/scim/v2',
    );
    expect(Object.keys(bare).sort()).toEqual(['active', 'id', 'meta', 'schemas', 'userName']);
    expect(bare.active).toBe(true);
    expect(bare.meta.location).toBe('https://app.example.com/scim/v2/Users/u%201%2F2');
  });

  it('reads back through readUserBody to the same attributes', () => {
    const again = readUserBody(JSON.parse(JSON.stringify(toScimUser(record, 'https://a.example/scim/v2'))), {
      requireUserName: true,
    });
    expect(again).toEqual({
      userName: record.userName,
      externalId: record.externalId,
      active: record.active,
      displayName: record.displayName,
      givenName: record.givenName,
      familyName: record.familyName,
      email: record.email,
    });
  });
});
