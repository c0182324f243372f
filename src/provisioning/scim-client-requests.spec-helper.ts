// Request bodies shaped as Microsoft Entra ID's provisioning service and Okta send them, after their
// own documentation: Microsoft's "Tutorial: Develop and plan provisioning for a SCIM endpoint" and
// "Known issues and resolutions with SCIM 2.0 protocol compliance" (the `customappsso`-era string
// booleans and capitalised ops, and the path-less multi-attribute replace behind its compliance
// flag); Okta's "SCIM 2.0 protocol reference" (path-less PATCH for (de)activation, PUT with the whole
// profile). Values are made up; the shapes are theirs.
import { ScimError, type ScimErrorType } from './scim-errors.js';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** Entra's POST /Users: core and enterprise schemas, `meta`, `roles`, a formatted name. */
export const entraCreate = {
  schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
  externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
  userName: 'Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1',
  active: true,
  emails: [{ primary: true, type: 'work', value: 'Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com' }],
  meta: { resourceType: 'User' },
  name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
  roles: [],
  [ENTERPRISE_SCHEMA]: { department: 'Finance', manager: { value: 'mgr-1' } },
};

/** Okta's POST /Users: a locale, an empty groups list and an initial password it sends along. */
export const oktaCreate = {
  schemas: [USER_SCHEMA],
  userName: 'test.user@okta.local',
  name: { givenName: 'Test', familyName: 'User' },
  emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
  displayName: 'Test User',
  locale: 'en-US',
  externalId: '00ujl29u0le5T6Aj10h7',
  groups: [],
  password: '1mz050nq',
  active: true,
};

/** A PatchOp body of the given operations. */
export function patchOf(...operations: unknown[]): { schemas: string[]; Operations: unknown[] } {
  return { schemas: [PATCH_SCHEMA], Operations: operations };
}

/** Entra without its compliance flag disables with a capitalised op and a string boolean. */
export const entraDisableLegacy = patchOf({ op: 'Replace', path: 'active', value: 'False' });
/** Entra with the flag (and the RFC) disables with a real boolean. */
export const entraDisable = patchOf({ op: 'replace', path: 'active', value: false });
/** Okta deactivates (and reactivates) with a path-less replace. */
export const oktaDeactivate = patchOf({ op: 'replace', value: { active: false } });
export const oktaReactivate = patchOf({ op: 'replace', value: { active: true } });

/** Asserts that `run` throws a ScimError of this status and scimType, and returns it. */
export function expectScimError(run: () => unknown, status: number, scimType: ScimErrorType | undefined): ScimError {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ScimError);
  const error = thrown as ScimError;
  expect({ status: error.status, scimType: error.scimType }).toEqual({ status, scimType });
  return error;
}
