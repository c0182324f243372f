// A host name or IPv4 address (letters, digits, dots and hyphens; at most 253 characters, as DNS
// allows), or a bracketed IPv6 address. Only the characters are checked, not the labels: this
// tells a bare host from anything longer (a path, a query, credentials, a second header value).
const HOST = '(?:[a-z0-9.-]{1,253}|\\[[0-9a-f:.]+\\])';
const BARE_HOST = new RegExp(`^${HOST}$`, 'i');
const HOST_AND_PORT = new RegExp(`^${HOST}(?::\\d{1,5})?$`, 'i');

/**
 * True for a host as a URL's `hostname` or, with `port`, its `host` or an HTTP `Host` header
 * gives it: `portal.example.com`, `10.0.0.1`, `[::1]`, with `port` also `app.example.com:8443`.
 * Refuses anything that could carry more than a host (`/`, `?`, `@`, spaces, controls, `*`).
 */
export function isUrlHost(value: unknown, options: { port?: boolean } = {}): value is string {
  return typeof value === 'string' && (options.port ? HOST_AND_PORT : BARE_HOST).test(value);
}
