// Controls (tab, CR, LF among them) and backslashes: browsers strip or reinterpret them in a URL.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_IN_PATH = /[\u0000-\u001f\u007f\\]/;

/**
 * True for a same-origin relative path that is safe to redirect to after sign-in. Browsers treat
 * `//host`, `/\host` and tab/newline-laced variants as other origins, and some proxies decode once
 * more, so the value is checked both raw and percent-decoded.
 */
export function isSafeReturnTo(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return false;
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return false;
  }
  return [value, decoded].every(
    (candidate) =>
      candidate.startsWith('/') &&
      !candidate.startsWith('//') &&
      !candidate.startsWith('/\\') &&
      !UNSAFE_IN_PATH.test(candidate),
  );
}

/**
 * A safe path re-encoded so that node-saml's query signature over RelayState stays valid: it signs
 * the `querystring` encoding but sends the `URLSearchParams` one, which differ for space and
 * `! ' ( ) ~ *`. Percent-encoding those characters in the path itself is equivalent for the browser.
 */
export function toRelayState(path: string): string {
  return path.replace(/[^A-Za-z0-9\-._/?&=%:,@+;]/g, (c) =>
    Array.from(Buffer.from(c, 'utf8'), (byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}
