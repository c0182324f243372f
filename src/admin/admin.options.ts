import { OptionChecks } from '../common/option-checks.js';

/** The admin API (set under `admin`; mounted only with the shape option `admin: true`). */
export interface AdminOptions {
  /**
   * IdP groups whose members are admins: the signed-in person's groups (`PortalUser.roles`, the SAML
   * `groups` attribute) must contain one. Compared exactly.
   * @default ['portal-admins']
   */
  groups?: string[];
  /**
   * Origins besides the app's own that may send state-changing admin requests (an admin UI on
   * another origin, which must also be allowed by CORS). Exact `scheme://host[:port]`.
   * @default []
   */
  allowedOrigins?: string[];
  /**
   * Largest import body, in bytes; a larger one is cut off with 413 (and, all-or-nothing, nothing written).
   * @default 16777216 (16 MiB, about 300,000 rows)
   */
  maxImportBytes?: number;
  /**
   * Bad rows listed in an import's summary (all are counted).
   * @default 100
   */
  maxImportErrors?: number;
}

/** {@link AdminOptions} after defaults and validation. */
export interface ResolvedAdminOptions {
  groups: readonly string[];
  allowedOrigins: readonly string[];
  maxImportBytes: number;
  maxImportErrors: number;
}

/** Injection token of the {@link ResolvedAdminOptions}. */
export const ADMIN_OPTIONS = Symbol('NOMOS_ADMIN_OPTIONS');

/** Token of the module's issuer for bare subjects (the customer mapping's), handed to imports. */
export const ADMIN_ISSUER = Symbol('NOMOS_ADMIN_ISSUER');

const ORIGIN = /^https?:\/\/[^/?#\s]+$/;

/**
 * Applies defaults to and validates the admin options.
 * @throws NomosPortalConfigError naming the first bad setting
 */
export function resolveAdminOptions(raw: AdminOptions | undefined, path = 'admin'): ResolvedAdminOptions {
  const checks = new OptionChecks(path);
  const given = raw ?? {};
  if (typeof given !== 'object') checks.failSection('must be an object');
  const groups = given.groups === undefined ? ['portal-admins'] : checks.strings(given.groups, 'groups');
  if (groups.length === 0) checks.fail('groups', 'must name at least one IdP group (nobody would be an admin)');
  const allowedOrigins =
    given.allowedOrigins === undefined ? [] : checks.strings(given.allowedOrigins, 'allowedOrigins');
  for (const origin of allowedOrigins) {
    if (!ORIGIN.test(origin)) checks.fail('allowedOrigins', 'must hold origins like "https://admin.corp.example"');
  }
  return {
    groups,
    allowedOrigins,
    maxImportBytes: checks.integer(given.maxImportBytes ?? 16 * 1024 * 1024, 'maxImportBytes', 1, 2 ** 31),
    maxImportErrors: checks.integer(given.maxImportErrors ?? 100, 'maxImportErrors', 0, 10_000),
  };
}
