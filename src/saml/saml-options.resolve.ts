import { isLoopbackHost } from '../common/loopback-host.js';
import { NomosPortalConfigError } from '../errors/index.js';
import { parseIdpMetadata, readMetadataFile } from './idp-metadata.js';
import { isSafeReturnTo } from '../identity/index.js';
import { assertKeyPairMatches } from './sp-key-pair.js';
import type { SamlOptions, SamlRateLimitOptions, SamlSessionOptions } from './saml.options.js';

/** SAML settings after defaults and validation. */
export interface ResolvedSamlOptions extends Required<Omit<SamlOptions, 'idp' | 'sp' | 'attributes' | 'session' | 'rateLimit'>> {
  rateLimit: { limit: number; ttlMs: number; storage?: SamlRateLimitOptions['storage'] } | false;
  idp: { entityId: string; ssoUrl: string; sloUrl?: string; certs: string[] };
  sp: SamlOptions['sp'] & { acsUrl: string; logoutUrl: string; routePrefix: string };
  attributes: Required<NonNullable<SamlOptions['attributes']>>;
  session: Required<Omit<SamlSessionOptions, 'store'>> & Pick<SamlSessionOptions, 'store'> & { secret: string[] } | false;
}

const fail = (setting: string, problem: string): never => {
  throw new NomosPortalConfigError(`saml.${setting} ${problem}`);
};
const text = (value: unknown, setting: string): string =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : fail(setting, 'is required');
const url = (value: unknown, setting: string): string => {
  const raw = text(value, setting);
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return fail(setting, 'must be an absolute URL');
  }
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname))) {
    fail(setting, 'must be an https URL (http only for localhost)');
  }
  return raw.replace(/\/+$/, '');
};
const pem = (value: unknown, setting: string, kind: 'PRIVATE KEY' | 'CERTIFICATE'): string | undefined => {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !value.includes(kind)) fail(setting, `must be a PEM ${kind.toLowerCase()}`);
  return value as string;
};
const whole = (value: unknown, fallback: number, setting: string, max: number): number => {
  const v = value ?? fallback;
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max ? v : fail(setting, `must be a whole number from 0 to ${max}`);
};
const bool = (value: unknown, fallback: boolean, setting: string): boolean =>
  typeof (value ?? fallback) === 'boolean' ? ((value ?? fallback) as boolean) : fail(setting, 'must be true or false');
const strings = (value: unknown, setting: string): string[] =>
  Array.isArray(value ?? []) && ((value ?? []) as unknown[]).every((v) => typeof v === 'string' && v !== '')
    ? [...((value ?? []) as string[])]
    : fail(setting, 'must be an array of non-empty strings');

/**
 * Applies defaults and validates the SAML settings at start-up.
 * @param routePrefix where the SAML routes are mounted, for the ACS and logout URLs
 * @throws NomosPortalConfigError naming the first bad setting
 */
export function resolveSamlOptions(raw: SamlOptions | undefined, routePrefix: string): ResolvedSamlOptions {
  if (!raw || typeof raw !== 'object') {
    throw new NomosPortalConfigError('saml is required (or declare the module with sso: "none" to bring your own sign-in)');
  }
  const idp = resolveIdp(raw.idp ?? fail('idp', 'is required'));
  const spRaw = raw.sp ?? fail('sp', 'is required');
  const baseUrl = url(spRaw.baseUrl, 'sp.baseUrl');
  const prefix = `/${routePrefix.replace(/^\/+|\/+$/g, '')}`;
  const sp = {
    entityId: text(spRaw.entityId, 'sp.entityId'),
    baseUrl,
    signingKey: pem(spRaw.signingKey, 'sp.signingKey', 'PRIVATE KEY'),
    signingCert: pem(spRaw.signingCert, 'sp.signingCert', 'CERTIFICATE'),
    decryptionKey: pem(spRaw.decryptionKey, 'sp.decryptionKey', 'PRIVATE KEY'),
    decryptionCert: pem(spRaw.decryptionCert, 'sp.decryptionCert', 'CERTIFICATE'),
    acsUrl: `${baseUrl}${prefix}/acs`,
    logoutUrl: `${baseUrl}${prefix}/logout`,
    routePrefix: prefix,
  };
  if (sp.signingKey && !sp.signingCert) fail('sp.signingCert', 'is required with sp.signingKey (the IdP needs it to verify)');
  if (sp.decryptionKey && !sp.decryptionCert) fail('sp.decryptionCert', 'is required with sp.decryptionKey (the IdP encrypts to it)');
  if (sp.signingKey) assertKeyPairMatches(sp.signingKey, sp.signingCert!, 'signing', 'saml.sp.signingKey', 'saml.sp.signingCert');
  if (sp.decryptionKey) assertKeyPairMatches(sp.decryptionKey, sp.decryptionCert!, 'decryption', 'saml.sp.decryptionKey', 'saml.sp.decryptionCert');

  const attrs = raw.attributes ?? {};
  const defaultReturnTo = raw.defaultReturnTo ?? '/';
  if (!isSafeReturnTo(defaultReturnTo)) fail('defaultReturnTo', 'must be a same-origin path starting with "/"');
  const signatureAlgorithm = raw.signatureAlgorithm ?? 'sha256';
  if (!['sha256', 'sha512'].includes(signatureAlgorithm)) fail('signatureAlgorithm', "must be 'sha256' or 'sha512' (never sha1)");

  return {
    idp,
    sp,
    attributes: {
      userId: text(attrs.userId ?? 'nameID', 'attributes.userId'),
      email: text(attrs.email ?? 'email', 'attributes.email'),
      displayName: text(attrs.displayName ?? 'displayName', 'attributes.displayName'),
      roles: text(attrs.roles ?? 'groups', 'attributes.roles'),
    },
    portalRoles: strings(raw.portalRoles, 'portalRoles'),
    adminRoles: strings(raw.adminRoles, 'adminRoles'),
    nameIdFormat: text(raw.nameIdFormat ?? 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified', 'nameIdFormat'),
    signatureAlgorithm,
    acceptedClockSkewMs: whole(raw.acceptedClockSkewMs, 30_000, 'acceptedClockSkewMs', 300_000),
    allowIdpInitiated: bool(raw.allowIdpInitiated, false, 'allowIdpInitiated'),
    wantAuthnResponseSigned: bool(raw.wantAuthnResponseSigned, true, 'wantAuthnResponseSigned'),
    wantAssertionsSigned: bool(raw.wantAssertionsSigned, true, 'wantAssertionsSigned'),
    requestTtlMs: whole(raw.requestTtlMs, 600_000, 'requestTtlMs', 3_600_000),
    maxResponseBytes: whole(raw.maxResponseBytes, 102_400, 'maxResponseBytes', 10_485_760),
    defaultReturnTo,
    rateLimit: resolveRateLimit(raw.rateLimit),
    maxPendingLogins: whole(raw.maxPendingLogins, 50_000, 'maxPendingLogins', 10_000_000) || fail('maxPendingLogins', 'must be positive'),
    session: resolveSession(raw.session),
  };
}

function resolveIdp(idp: NonNullable<SamlOptions['idp']>): ResolvedSamlOptions['idp'] {
  let fromMetadata: Partial<ResolvedSamlOptions['idp']> = {};
  if (idp.metadataFile !== undefined) {
    const { xml, setting } = readMetadataFile(text(idp.metadataFile, 'idp.metadataFile'));
    fromMetadata = parseIdpMetadata(xml, setting);
  } else if (idp.metadataXml !== undefined) {
    fromMetadata = parseIdpMetadata(text(idp.metadataXml, 'idp.metadataXml'));
  }
  const certs = idp.certs ?? fromMetadata.certs ?? [];
  if (!Array.isArray(certs) || certs.length === 0 || certs.some((c) => typeof c !== 'string' || c.trim() === '')) {
    fail('idp.certs', 'must list at least one IdP signing certificate (or give saml.idp.metadataXml)');
  }
  const sloUrl = idp.sloUrl ?? fromMetadata.sloUrl;
  return {
    entityId: text(idp.entityId ?? fromMetadata.entityId, 'idp.entityId'),
    ssoUrl: url(idp.ssoUrl ?? fromMetadata.ssoUrl, 'idp.ssoUrl'),
    sloUrl: sloUrl === undefined ? undefined : url(sloUrl, 'idp.sloUrl'),
    certs,
  };
}

function resolveSession(session: SamlOptions['session']): ResolvedSamlOptions['session'] {
  if (session === false) return false;
  if (!session || typeof session !== 'object') return fail('session', 'is required (or false when the host runs express-session itself)');
  const secrets = Array.isArray(session.secret) ? session.secret : [session.secret];
  if (secrets.length === 0 || secrets.some((s) => typeof s !== 'string' || s.length < 32)) {
    fail('session.secret', 'is required: one or more random strings of at least 32 characters');
  }
  const cookieName = text(session.cookieName ?? 'nomos.sid', 'session.cookieName');
  if (!/^[A-Za-z0-9._-]+$/.test(cookieName)) fail('session.cookieName', 'may contain only letters, digits, ".", "_" and "-"');
  if (session.store !== undefined && typeof session.store?.get !== 'function') fail('session.store', 'must be an express-session Store');
  const idleTimeoutMs = whole(session.idleTimeoutMs, 1_800_000, 'session.idleTimeoutMs', 604_800_000) || fail('session.idleTimeoutMs', 'must be positive');
  const touchIntervalMs = whole(session.touchIntervalMs, Math.min(60_000, Math.floor(idleTimeoutMs / 10)), 'session.touchIntervalMs', 604_800_000);
  // An interval as long as the idle timeout would let an active person's session expire.
  if (touchIntervalMs >= idleTimeoutMs) fail('session.touchIntervalMs', `must be shorter than saml.session.idleTimeoutMs (${idleTimeoutMs})`);
  return {
    secret: secrets,
    store: session.store,
    cookieName,
    secureCookie: bool(session.secureCookie, true, 'session.secureCookie'),
    idleTimeoutMs,
    absoluteTimeoutMs: whole(session.absoluteTimeoutMs, 28_800_000, 'session.absoluteTimeoutMs', 2_592_000_000) || fail('session.absoluteTimeoutMs', 'must be positive'),
    touchIntervalMs,
  };
}

function resolveRateLimit(rateLimit: SamlOptions['rateLimit']): ResolvedSamlOptions['rateLimit'] {
  if (rateLimit === false) return false;
  if (rateLimit !== undefined && (typeof rateLimit !== 'object' || rateLimit === null)) return fail('rateLimit', 'must be an object or false');
  const { limit, ttlMs, storage } = rateLimit ?? {};
  if (storage !== undefined && typeof storage?.increment !== 'function') fail('rateLimit.storage', 'must be a ThrottlerStorage (with increment())');
  return {
    limit: whole(limit, 300, 'rateLimit.limit', 1_000_000) || fail('rateLimit.limit', 'must be positive'),
    ttlMs: whole(ttlMs, 60_000, 'rateLimit.ttlMs', 86_400_000) || fail('rateLimit.ttlMs', 'must be positive'),
    storage,
  };
}
