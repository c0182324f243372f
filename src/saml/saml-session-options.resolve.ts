import type { OptionChecks } from '../common/option-checks.js';
import type { ResolvedSamlOptions, SamlOptions } from './saml.options.js';
import { SAML_RATE_LIMIT_DEFAULTS, SAML_SESSION_DEFAULTS } from './saml-session.options.js';

/**
 * `saml.session` with defaults applied.
 * @param checks the checks of `saml.session`
 * @throws NomosPortalConfigError naming the first bad setting
 */
export function resolveSamlSession(
  session: SamlOptions['session'],
  checks: OptionChecks,
): ResolvedSamlOptions['session'] {
  if (session === false) return false;
  if (!session || typeof session !== 'object') {
    return checks.failSection('is required (or false when the host runs express-session itself)');
  }
  const d = SAML_SESSION_DEFAULTS;
  const secrets = Array.isArray(session.secret) ? session.secret : [session.secret];
  if (secrets.length === 0 || secrets.some((s) => typeof s !== 'string' || s.length < 32)) {
    checks.fail('secret', 'is required: one or more random strings of at least 32 characters');
  }
  const cookieName = checks.text(session.cookieName ?? d.cookieName, 'cookieName');
  if (!/^[A-Za-z0-9._-]+$/.test(cookieName))
    checks.fail('cookieName', 'may contain only letters, digits, ".", "_" and "-"');
  if (session.store !== undefined && typeof session.store?.get !== 'function')
    checks.fail('store', 'must be an express-session Store');
  const idleTimeoutMs = checks.positive(session.idleTimeoutMs ?? d.idleTimeoutMs, 'idleTimeoutMs', 604_800_000);
  const touchIntervalMs = checks.integer(
    session.touchIntervalMs ?? Math.min(d.touchIntervalMs, Math.floor(idleTimeoutMs / 10)),
    'touchIntervalMs',
    0,
    604_800_000,
  );
  // An interval as long as the idle timeout would let an active person's session expire.
  if (touchIntervalMs >= idleTimeoutMs) {
    checks.fail('touchIntervalMs', `must be shorter than ${checks.path('idleTimeoutMs')} (${idleTimeoutMs})`);
  }
  return {
    secret: secrets,
    store: session.store,
    cookieName,
    secureCookie: checks.flag(session.secureCookie ?? d.secureCookie, 'secureCookie'),
    idleTimeoutMs,
    absoluteTimeoutMs: checks.positive(
      session.absoluteTimeoutMs ?? d.absoluteTimeoutMs,
      'absoluteTimeoutMs',
      2_592_000_000,
    ),
    touchIntervalMs,
  };
}

/**
 * `saml.rateLimit` with defaults applied; `false` stays off.
 * @param checks the checks of `saml.rateLimit`
 */
export function resolveSamlRateLimit(
  rateLimit: SamlOptions['rateLimit'],
  checks: OptionChecks,
): ResolvedSamlOptions['rateLimit'] {
  if (rateLimit === false) return false;
  if (rateLimit !== undefined && (typeof rateLimit !== 'object' || rateLimit === null)) {
    return checks.failSection('must be an object or false');
  }
  const { limit, ttlMs, storage } = rateLimit ?? {};
  if (storage !== undefined && typeof storage?.increment !== 'function')
    checks.fail('storage', 'must be a ThrottlerStorage (with increment())');
  return {
    limit: checks.positive(limit ?? SAML_RATE_LIMIT_DEFAULTS.limit, 'limit', 1_000_000),
    ttlMs: checks.positive(ttlMs ?? SAML_RATE_LIMIT_DEFAULTS.ttlMs, 'ttlMs', 86_400_000),
    storage,
  };
}
