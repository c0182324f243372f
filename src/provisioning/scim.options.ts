import { OptionChecks } from '../common/option-checks.js';

/**
 * SCIM 2.0 provisioning (set under `scim` in the module options; the endpoint is mounted only with
 * the shape option `provisioning: 'scim'`). The IdP's provisioning service (Entra ID, Okta) calls it to tell
 * the app who joined, changed or left.
 */
export interface ScimOptions {
  /**
   * The bearer tokens the IdP sends (`Authorization: Bearer <token>`): one, or two while rotating.
   * Random, at least 32 characters; paste the same value into the IdP's provisioning settings.
   */
  bearerTokens: string[];
  /**
   * Which SCIM attribute holds the person's subject, the same immutable id the sign-in gives as
   * `saml.attributes.subject`: Entra and Okta put their object/user id in `externalId` when mapped so.
   * `'userName'` only when the sign-in's subject is that same name (e.g. the NameID default).
   * @default 'externalId'
   */
  subjectFrom?: 'externalId' | 'userName';
}

/** {@link ScimOptions} after defaults and validation. */
export interface ResolvedScimOptions {
  bearerTokens: readonly string[];
  subjectFrom: 'externalId' | 'userName';
}

/** Injection token of the {@link ResolvedScimOptions}. */
export const SCIM_OPTIONS = Symbol('NOMOS_SCIM_OPTIONS');

const MIN_TOKEN_LENGTH = 32;

/**
 * Applies defaults to and validates the SCIM options.
 * @throws NomosPortalConfigError naming the first bad setting (never quoting a token)
 */
export function resolveScimOptions(raw: ScimOptions | undefined, path = 'scim'): ResolvedScimOptions {
  const checks = new OptionChecks(path);
  if (!raw || typeof raw !== 'object') {
    return checks.failSection("is required when the module is declared with provisioning: 'scim'");
  }
  const tokens = raw.bearerTokens;
  if (!Array.isArray(tokens) || tokens.length < 1 || tokens.length > 2) {
    checks.fail('bearerTokens', 'must be an array of one or two tokens (two while rotating)');
  }
  for (const token of tokens) {
    if (typeof token !== 'string' || token.length < MIN_TOKEN_LENGTH || !/^[\x21-\x7e]+$/.test(token)) {
      checks.fail('bearerTokens', `must hold random tokens of at least ${MIN_TOKEN_LENGTH} visible ASCII characters`);
    }
  }
  const subjectFrom = raw.subjectFrom ?? 'externalId';
  if (subjectFrom !== 'externalId' && subjectFrom !== 'userName') {
    checks.fail('subjectFrom', "must be 'externalId' or 'userName'");
  }
  return { bearerTokens: [...tokens], subjectFrom };
}
