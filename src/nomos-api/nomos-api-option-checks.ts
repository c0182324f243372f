import { isLoopbackHost } from '../common/loopback-host.js';

// Calendar date plus optional codename; also keeps CR/LF out of the header value.
const API_VERSION = /^\d{4}-\d{2}-\d{2}(\.[a-z][a-z0-9-]*)?$/;

/**
 * `nomos.baseUrl` normalised (no trailing `/`): https, or http for loopback hosts only, without
 * credentials, query or fragment.
 * @param fail called with the problem, never with the value (a misplaced secret must not be logged)
 */
export function checkBaseUrl(v: unknown, fail: (problem: string) => never): string {
  const httpsOnly = 'must be an https URL (http is allowed only for loopback hosts such as 127.0.0.1)';
  if (typeof v !== 'string' || v.trim() === '') return fail(httpsOnly);
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return fail(`${httpsOnly}; it is not a valid absolute URL`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    return fail(httpsOnly);
  }
  if (url.username || url.password) return fail('must not contain credentials; use clientId and clientSecret');
  if (url.search || url.hash) return fail('must not contain a query string or fragment');
  return url.origin + url.pathname.replace(/\/+$/, '');
}

/**
 * `nomos.apiVersion`: a Nomos API version (a date, optionally with a codename).
 * @param example a valid version, for the message
 */
export function checkApiVersion(v: unknown, example: string, fail: (problem: string) => never): string {
  if (typeof v !== 'string' || !API_VERSION.test(v)) return fail(`must be a Nomos API version such as '${example}'`);
  return v;
}
