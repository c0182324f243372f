import { createHash } from 'node:crypto';
import { PortalLinkRejectedError } from './magic-link.errors.js';

/** What the audit may keep of a link: never the link or token itself. */
export interface CheckedPortalLink {
  host: string;
  /** SHA-256 hex of the `token_hash` query value. */
  fingerprint: string;
}

/** True when `host` equals an allowed host or sits exactly one label below a `*.` pattern. */
export function hostIsAllowed(host: string, allowed: readonly string[]): boolean {
  return allowed.some((pattern) => {
    if (!pattern.startsWith('*.')) return host === pattern;
    const suffix = pattern.slice(1);
    const label = host.slice(0, -suffix.length);
    return host.endsWith(suffix) && label.length > 0 && !label.includes('.');
  });
}

/**
 * Checks a link from Nomos before anyone is redirected to it (invariant 4).
 * Reasons in the error never include the link, since it is a credential.
 * @throws PortalLinkRejectedError
 */
export function checkPortalLink(link: string, allowedHosts: readonly string[]): CheckedPortalLink {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw new PortalLinkRejectedError('not a URL');
  }
  if (url.protocol !== 'https:') throw new PortalLinkRejectedError('not https');
  if (url.username || url.password) throw new PortalLinkRejectedError('carries credentials');
  if (!hostIsAllowed(url.hostname, allowedHosts)) {
    throw new PortalLinkRejectedError(`host ${url.hostname} is not an allowed portal host`);
  }
  const tokens = url.searchParams.getAll('token_hash');
  if (tokens.length !== 1 || tokens[0].length === 0) throw new PortalLinkRejectedError('no single token_hash');
  return { host: url.host, fingerprint: createHash('sha256').update(tokens[0]).digest('hex') };
}
