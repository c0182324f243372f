import { isLoopbackHost } from '../common/loopback-host.js';
import { optionError, optionLabel, OptionChecks } from '../common/option-checks.js';
import { isSafeReturnTo } from '../identity/index.js';
import { parseIdpMetadata, readMetadataFile } from './idp-metadata.js';
import { resolveLogoutIssuers } from './logout-issuers.options.js';
import { resolveSamlIdentity } from './saml-attributes.resolve.js';
import { resolveSamlRateLimit, resolveSamlSession } from './saml-session-options.resolve.js';
import { resolveIdpMetadataUrl } from './metadata-url.resolve.js';
import type {
  ResolvedSamlIdpSettings,
  ResolvedSamlOptions,
  ResolvedSamlSettings,
  SamlOptions,
} from './saml.options.js';
import { SAML_DEFAULTS, samlRoutePath } from './saml.options.js';
import { assertKeyPairMatches } from './sp-key-pair.js';

const saml = new OptionChecks('saml');
type NumberKey = 'acceptedClockSkewMs' | 'requestTtlMs' | 'maxResponseBytes';
type FlagKey = 'allowIdpInitiated' | 'wantAuthnResponseSigned' | 'wantAssertionsSigned';

/** An absolute https URL (http only for loopback hosts), without trailing slashes. */
function url(checks: OptionChecks, value: unknown, key: string): string {
  const raw = checks.text(value, key);
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return checks.fail(key, 'must be an absolute URL');
  }
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname))) {
    checks.fail(key, 'must be an https URL (http only for localhost)');
  }
  return raw.replace(/\/+$/, '');
}

function pem(
  checks: OptionChecks,
  value: unknown,
  key: string,
  kind: 'PRIVATE KEY' | 'CERTIFICATE',
): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !value.includes(kind))
    return checks.fail(key, `must be a PEM ${kind.toLowerCase()}`);
  return value;
}

/**
 * Applies defaults and validates the SAML settings at start-up.
 * @param routePrefix where the SAML routes are mounted, for the ACS and logout URLs
 * @throws NomosPortalConfigError naming the first bad setting (and the variable that sets it)
 */
export function resolveSamlOptions(raw: SamlOptions | undefined, routePrefix: string): ResolvedSamlSettings {
  if (!raw || typeof raw !== 'object') {
    throw optionError('saml', 'is required (or declare the module with sso: "none" to bring your own sign-in)');
  }
  const idp = resolveIdp(raw.idp ?? saml.fail('idp', 'is required'));
  const sp = resolveSp(raw.sp ?? saml.fail('sp', 'is required'), routePrefix);
  const d = SAML_DEFAULTS;
  const identity = resolveSamlIdentity({ ...raw, defaults: d }, saml);
  const defaultReturnTo = raw.defaultReturnTo ?? d.defaultReturnTo;
  if (!isSafeReturnTo(defaultReturnTo)) saml.fail('defaultReturnTo', 'must be a same-origin path starting with "/"');
  const signatureAlgorithm = raw.signatureAlgorithm ?? d.signatureAlgorithm;
  if (!['sha256', 'sha512'].includes(signatureAlgorithm))
    saml.fail('signatureAlgorithm', "must be 'sha256' or 'sha512' (never sha1)");
  const whole = (key: NumberKey, max: number): number => saml.integer(raw[key] ?? d[key], key, 0, max);
  const flag = (key: FlagKey): boolean => saml.flag(raw[key] ?? d[key], key);

  return {
    idp,
    sp,
    ...identity,
    portalRoles: saml.strings(raw.portalRoles ?? [], 'portalRoles'),
    adminRoles: saml.strings(raw.adminRoles ?? [], 'adminRoles'),
    signatureAlgorithm,
    acceptedClockSkewMs: whole('acceptedClockSkewMs', 300_000),
    allowIdpInitiated: flag('allowIdpInitiated'),
    wantAuthnResponseSigned: flag('wantAuthnResponseSigned'),
    wantAssertionsSigned: flag('wantAssertionsSigned'),
    requestTtlMs: whole('requestTtlMs', 3_600_000),
    maxResponseBytes: whole('maxResponseBytes', 10_485_760),
    defaultReturnTo,
    rateLimit: resolveSamlRateLimit(raw.rateLimit, saml.nested('rateLimit')),
    maxPendingLogins: saml.positive(raw.maxPendingLogins ?? d.maxPendingLogins, 'maxPendingLogins', 10_000_000),
    session: resolveSamlSession(raw.session, saml.nested('session')),
  };
}

function resolveIdp(idp: SamlOptions['idp']): ResolvedSamlIdpSettings {
  const checks = saml.nested('idp');
  if (idp.metadataUrl !== undefined) {
    // Read at start by the SAML part (idp-metadata-source.ts); explicit values still win then.
    const optional = (value: string | undefined, check: (given: string) => string) =>
      value === undefined ? undefined : check(value);
    return {
      metadataUrl: resolveIdpMetadataUrl(idp, checks),
      entityId: optional(idp.entityId, (given) => checks.text(given, 'entityId')),
      ssoUrl: optional(idp.ssoUrl, (given) => url(checks, given, 'ssoUrl')),
      sloUrl: optional(idp.sloUrl, (given) => url(checks, given, 'sloUrl')),
      logoutIssuers: resolveLogoutIssuers(checks, idp.logoutIssuers),
    };
  }
  let fromMetadata: Partial<ResolvedSamlOptions['idp']> = {};
  if (idp.metadataFile !== undefined) {
    const { xml, setting } = readMetadataFile(checks.text(idp.metadataFile, 'metadataFile'));
    fromMetadata = parseIdpMetadata(xml, setting);
  } else if (idp.metadataXml !== undefined) {
    fromMetadata = parseIdpMetadata(checks.text(idp.metadataXml, 'metadataXml'));
  }
  const certs = idp.certs ?? fromMetadata.certs ?? [];
  if (!Array.isArray(certs) || certs.length === 0 || certs.some((c) => typeof c !== 'string' || c.trim() === '')) {
    checks.fail('certs', 'must list at least one IdP signing certificate (or give saml.idp.metadataXml)');
  }
  const sloUrl = idp.sloUrl ?? fromMetadata.sloUrl;
  return {
    entityId: checks.text(idp.entityId ?? fromMetadata.entityId, 'entityId'),
    ssoUrl: url(checks, idp.ssoUrl ?? fromMetadata.ssoUrl, 'ssoUrl'),
    sloUrl: sloUrl === undefined ? undefined : url(checks, sloUrl, 'sloUrl'),
    certs,
    logoutIssuers: resolveLogoutIssuers(checks, idp.logoutIssuers),
  };
}

function resolveSp(raw: SamlOptions['sp'], routePrefix: string): ResolvedSamlOptions['sp'] {
  const checks = saml.nested('sp');
  const baseUrl = url(checks, raw.baseUrl, 'baseUrl');
  const prefix = samlRoutePath(routePrefix);
  const sp = {
    entityId: checks.text(raw.entityId, 'entityId'),
    baseUrl,
    signingKey: pem(checks, raw.signingKey, 'signingKey', 'PRIVATE KEY'),
    signingCert: pem(checks, raw.signingCert, 'signingCert', 'CERTIFICATE'),
    decryptionKey: pem(checks, raw.decryptionKey, 'decryptionKey', 'PRIVATE KEY'),
    decryptionCert: pem(checks, raw.decryptionCert, 'decryptionCert', 'CERTIFICATE'),
    acsUrl: `${baseUrl}${prefix}/acs`,
    logoutUrl: `${baseUrl}${prefix}/logout`,
    routePrefix: prefix,
  };
  if (sp.signingKey && !sp.signingCert)
    checks.fail('signingCert', 'is required with sp.signingKey (the IdP needs it to verify)');
  if (sp.decryptionKey && !sp.decryptionCert)
    checks.fail('decryptionCert', 'is required with sp.decryptionKey (the IdP encrypts to it)');
  const label = (key: string) => optionLabel(checks.path(key));
  if (sp.signingKey)
    assertKeyPairMatches(sp.signingKey, sp.signingCert!, 'signing', label('signingKey'), label('signingCert'));
  if (sp.decryptionKey)
    assertKeyPairMatches(
      sp.decryptionKey,
      sp.decryptionCert!,
      'decryption',
      label('decryptionKey'),
      label('decryptionCert'),
    );
  return sp;
}
