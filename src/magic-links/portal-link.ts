import { createHash } from 'node:crypto';
import { PortalLinkRejectedError } from './magic-link.errors.js';

/** A link that passed the checks: what to send, and what the audit may keep of it. */
export interface CheckedPortalLink {
  /** The normalised link that was checked (`URL.href`): send exactly this, never the raw string. A credential. */
  href: string;
  host: string;
  /** SHA-256 hex of the `token_hash` query value. */
  fingerprint: string;
}

// Printable ASCII only, no backslash. The URL parser silently strips leading/trailing spaces and
// controls, drops tabs and newlines anywhere and reads `\` as `/`, so a link that only parses
// clean would be sent as something else; such links are refused, not repaired.
const PLAIN_LINK = /^[\x21-\x5b\x5d-\x7e]+$/;

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
 * Checks a link from Nomos before anyone is redirected to it (invariant 4): printable ASCII without
 * backslashes, https, no credentials, an allowed host, exactly one `token_hash`. What was checked is
 * what must be sent: use the returned `href`.
 * Reasons in the error never include the link, since it is a credential.
 * @throws PortalLinkRejectedError
 */
export function checkPortalLink(link: string, allowedHosts: readonly string[]): CheckedPortalLink {
  if (typeof link !== 'string' || !PLAIN_LINK.test(link)) {
    throw new PortalLinkRejectedError('contains whitespace, control, non-ASCII or backslash characters');
  }
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
  return { href: url.href, host: url.host, fingerprint: createHash('sha256').update(tokens[0]).digest('hex') };
}
