import type { OptionChecks } from '../common/option-checks.js';

/** A short list: each alias costs two node-saml instances, and a real IdP has one or two names. */
const MAX_LOGOUT_ISSUERS = 10;

/**
 * `saml.idp.logoutIssuers`: exact Issuer values, each a single token (no spaces, no `*`), so the
 * list can only ever name the IdP's other documented identifiers, never "any issuer".
 * @throws NomosPortalConfigError naming `saml.idp.logoutIssuers` (and `SAML_IDP_LOGOUT_ISSUERS`)
 */
export function resolveLogoutIssuers(checks: OptionChecks, raw: unknown): string[] {
  if (raw === undefined) return [];
  const issuers = checks.strings(raw, 'logoutIssuers');
  if (issuers.length > MAX_LOGOUT_ISSUERS)
    checks.fail('logoutIssuers', `may list at most ${MAX_LOGOUT_ISSUERS} issuers`);
  if (issuers.some((issuer) => /[\s*]/.test(issuer) || issuer.length > 1024)) {
    checks.fail('logoutIssuers', 'must list exact issuer values (no spaces or "*", at most 1024 characters each)');
  }
  return [...new Set(issuers)];
}
