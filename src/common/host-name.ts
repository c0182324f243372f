// One label: lower-case letters, digits and hyphens, neither starting nor ending with a hyphen.
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOST_NAME = new RegExp(`^${LABEL}(?:\\.${LABEL})+$`);

/**
 * True for a lower-case ASCII host name of at least two labels (`portal.example.com`; punycode
 * `xn--` for international names): no scheme, port, path, IP literal or trailing dot.
 * With `wildcard`, a leading `*.` is allowed too, followed by at least two labels, so that
 * `*.customerportal.energy` passes but `*.energy` cannot open a whole top-level domain.
 */
export function isHostName(value: unknown, options: { wildcard?: boolean } = {}): value is string {
  if (typeof value !== 'string') return false;
  // Two labels after `*.` at least: HOST_NAME itself asks for two.
  if (options.wildcard && value.startsWith('*.')) return HOST_NAME.test(value.slice(2));
  return HOST_NAME.test(value);
}
