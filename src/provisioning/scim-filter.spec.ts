import { expectScimError } from './scim-client-requests.spec-helper.js';
import { parseUserFilter, userNameKey } from './scim-filter.js';

describe('parseUserFilter', () => {
  it("reads Entra's and Okta's look-ups before a create", () => {
    // Entra's provisioning service and its validator probe with a generated user name.
    expect(parseUserFilter('userName eq "Test_User_dfeef4c5-5681-4387-b016-bdf221e82081"')).toEqual({
      attribute: 'userName',
      value: 'Test_User_dfeef4c5-5681-4387-b016-bdf221e82081',
    });
    expect(parseUserFilter('externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"')).toEqual({
      attribute: 'externalId',
      value: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
    });
    // Okta: the query string's `+` or %20 is already decoded to a space when it arrives here.
    expect(parseUserFilter('userName eq "test.user@okta.local"')).toEqual({
      attribute: 'userName',
      value: 'test.user@okta.local',
    });
  });

  it('takes attribute names and the operator in any case, and the core URN as prefix', () => {
    for (const text of [
      'USERNAME EQ "ada"',
      'username Eq "ada"',
      'urn:ietf:params:scim:schemas:core:2.0:User:userName eq "ada"',
      '  userName   eq  "ada"  ',
      '\tuserName eq "ada"\n',
    ]) {
      expect({ text, filter: parseUserFilter(text) }).toEqual({
        text,
        filter: { attribute: 'userName', value: 'ada' },
      });
    }
    expect(parseUserFilter('EXTERNALID eq "x"').attribute).toBe('externalId');
  });

  it('keeps the value exactly, decoding JSON string escapes', () => {
    expect(parseUserFilter('userName eq "Ada@Contoso.com"').value).toBe('Ada@Contoso.com');
    expect(parseUserFilter('userName eq "say \\"hi\\" \\\\ o\\u00e9"').value).toBe('say "hi" \\ oé');
    expect(parseUserFilter('userName eq " spaced "').value).toBe(' spaced ');
    expect(parseUserFilter('userName eq ""').value).toBe('');
    expect(parseUserFilter('userName eq "a and b or c"').value).toBe('a and b or c');
  });

  it('refuses every other filter with invalidFilter', () => {
    for (const text of [
      '',
      '   ',
      'userName',
      'userName eq',
      'userName eq ada',
      "userName eq 'ada'",
      'userName ne "ada"',
      'userName co "ada"',
      'userName sw "ada"',
      'userName pr',
      'displayName eq "Ada"',
      'emails[type eq "work"].value eq "ada@contoso.com"',
      'emails.value eq "ada@contoso.com"',
      'name.givenName eq "Ada"',
      'id eq "1"',
      'userName eq "ada" and externalId eq "x"',
      'userName eq "ada" or userName eq "bob"',
      'not (userName eq "ada")',
      '(userName eq "ada")',
      'userName eq "ada" "bob"',
      'userName eq "ada"x',
      'userName eq "unterminated',
      'userName eq "escaped quote at end\\"',
      'userName eq "bad escape \\x41"',
      'userName eq "raw\u0001control"',
      'userNameeq "ada"',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "1"',
      '__proto__ eq "x"',
      'constructor eq "x"',
    ]) {
      const error = expectScimError(() => parseUserFilter(text), 400, 'invalidFilter');
      expect(error.detail.length).toBeLessThan(200);
    }
  });

  it('refuses overlong input and values before doing any work, and non-strings', () => {
    expectScimError(() => parseUserFilter(`userName eq "${'a'.repeat(5000)}"`), 400, 'invalidFilter');
    expectScimError(() => parseUserFilter(`userName eq "${'a'.repeat(256)}"`), 400, 'invalidFilter');
    expect(parseUserFilter(`userName eq "${'a'.repeat(255)}"`).value).toHaveLength(255);
    // 255 characters, each sent as a \u escape, still fits.
    expect(parseUserFilter(`userName eq "${'\\u0061'.repeat(255)}"`).value).toBe('a'.repeat(255));
    for (const text of [undefined, null, 42, ['userName eq "a"'], { filter: 'x' }]) {
      expectScimError(() => parseUserFilter(text), 400, 'invalidFilter');
    }
  });

  it('never echoes a long filter back in the detail', () => {
    const error = expectScimError(() => parseUserFilter(`userName eq "\\q${'s'.repeat(200)}"`), 400, 'invalidFilter');
    expect(error.detail).not.toContain('s'.repeat(41));
  });
});

describe('userNameKey', () => {
  it('makes user names that differ only by case, or by Unicode composition, one key', () => {
    expect(userNameKey('Ada.Lovelace@Contoso.COM')).toBe('ada.lovelace@contoso.com');
    expect(userNameKey('Ada@contoso.com')).toBe(userNameKey('aDA@CONTOSO.com'));
    expect(userNameKey('Jose\u0301')).toBe(userNameKey('José'));
    expect(userNameKey('ada')).not.toBe(userNameKey('ada2'));
  });
});
