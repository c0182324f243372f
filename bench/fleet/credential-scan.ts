// Looks for credentials in the replicas' output in the forms a leak takes: as is, URL-encoded, and
// base64/base64url (at each byte alignment, as inside a longer encoded blob). The same idea as the
// test runner's whole-run check (scripts/test-runner/leak-search.mjs), reduced to what a fleet run issues.

/** Secrets of one kind, e.g. `'client secret'` → `[secret]`. */
export type SecretSet = Record<string, Iterable<string>>;

function forms(value: string): string[] {
  const out = new Set([value, encodeURIComponent(value), encodeURIComponent(encodeURIComponent(value))]);
  const bytes = Buffer.from(value, 'utf8');
  for (let a = 0; a < 3; a++) {
    const end = a + Math.floor((bytes.length - a) / 3) * 3;
    if (end - a < 6) continue;
    const b64 = bytes.subarray(a, end).toString('base64');
    out.add(b64).add(b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
  }
  return [...out];
}

/** The high-entropy parts of a link or cookie (its token, the session id), besides the whole value. */
function parts(value: string): string[] {
  return [value, ...value.split(/[/?&=#:;,@.\s]+/).filter((part) => part.length >= 16)];
}

/** How many values of each kind appear in `text` (kinds with none are left out). */
export function findCredentials(text: string, secrets: SecretSet): Record<string, number> {
  const found: Record<string, number> = {};
  for (const [kind, values] of Object.entries(secrets)) {
    for (const value of new Set(values)) {
      if (value.length < 8) continue;
      if (parts(value).some((part) => forms(part).some((form) => text.includes(form)))) {
        found[kind] = (found[kind] ?? 0) + 1;
      }
    }
  }
  return found;
}

/** The session id inside an express-session cookie header (`name=s%3A<sid>.<signature>`), if any. */
export function sessionIds(cookieHeader: string): string[] {
  return cookieHeader
    .split(/;\s*/)
    .map((pair) => decodeURIComponent(pair.slice(pair.indexOf('=') + 1)))
    .filter((value) => value.startsWith('s:'))
    .map((value) => value.slice(2, value.lastIndexOf('.')));
}
