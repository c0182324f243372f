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
      !/[\u0000-\u001f\u007f\\]/.test(candidate),
  );
}
