import { isIP } from 'node:net';
import { isLoopbackHost } from '../common/loopback-host.js';
import type { OptionChecks } from '../common/option-checks.js';
import { isRefusedAddress } from './metadata-address.js';
import type { ResolvedIdpMetadataUrl, SamlIdpMetadataUrlOptions } from './metadata-url.options.js';
import { METADATA_URL_DEFAULTS } from './metadata-url.options.js';

const d = METADATA_URL_DEFAULTS;

/**
 * Validates the `saml.idp.metadata*` URL settings (`checks` is `saml.idp`). An IP literal that the
 * SSRF guard refuses fails here already; names are checked against what they resolve to when used.
 * @throws NomosPortalConfigError naming the first bad setting
 */
export function resolveIdpMetadataUrl(
  idp: SamlIdpMetadataUrlOptions & { metadataXml?: unknown; metadataFile?: unknown; certs?: unknown },
  checks: OptionChecks,
): ResolvedIdpMetadataUrl {
  const raw = checks.text(idp.metadataUrl, 'metadataUrl');
  const other = (['metadataXml', 'metadataFile', 'certs'] as const).find((key) => idp[key] !== undefined);
  // The certificates would never refresh if another source pinned them.
  if (other) checks.fail('metadataUrl', `replaces saml.idp.${other}: set only one of them`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return checks.fail('metadataUrl', 'must be an absolute URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname)))
    checks.fail('metadataUrl', 'must be an https URL (http only for localhost)');
  if (url.username !== '' || url.password !== '') checks.fail('metadataUrl', 'must not carry a user name or password');
  const allowPrivateHosts = checks.flag(idp.allowPrivateMetadataHosts ?? false, 'allowPrivateMetadataHosts');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivateHosts && (isLoopbackHost(host) || (isIP(host) !== 0 && isRefusedAddress(host)))) {
    checks.fail(
      'metadataUrl',
      `points at ${host}, a loopback, private or link-local address; ` +
        'set saml.idp.allowPrivateMetadataHosts to true if that is intended',
    );
  }
  return {
    url: url.href,
    refreshMs: checks.integer(idp.metadataRefreshMs ?? d.refreshMs, 'metadataRefreshMs', 1_000, 2_592_000_000),
    timeoutMs: checks.integer(idp.metadataTimeoutMs ?? d.timeoutMs, 'metadataTimeoutMs', 100, 120_000),
    maxBytes: checks.integer(idp.metadataMaxBytes ?? d.maxBytes, 'metadataMaxBytes', 1_024, 52_428_800),
    signingCert: pemCertificate(checks, idp.metadataSigningCert, 'metadataSigningCert'),
    ca: pemCertificate(checks, idp.metadataCa, 'metadataCa'),
    cacheFile:
      idp.metadataCacheFile === undefined ? undefined : checks.text(idp.metadataCacheFile, 'metadataCacheFile'),
    allowPrivateHosts,
  };
}

function pemCertificate(checks: OptionChecks, value: unknown, key: string): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' && value.includes('BEGIN CERTIFICATE')
    ? value
    : checks.fail(key, 'must be a PEM certificate');
}
