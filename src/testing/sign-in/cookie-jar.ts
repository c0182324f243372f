/**
 * The cookies one browser holds for one app: set from `Set-Cookie`, sent back as `Cookie`. Domain,
 * path and `Secure` are not enforced (the agent talks to one origin over loopback); a cookie is
 * dropped when it is cleared (`Max-Age` ≤ 0, `Expires` in the past, or an empty value).
 */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  /** Takes the cookies of one answer's `Set-Cookie` header lines. */
  store(setCookie: readonly string[] | undefined): void {
    for (const line of setCookie ?? []) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || attributes.some(clears)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** The `Cookie` header value (`name=value; …`), empty when the jar is. */
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

function clears(attribute: string): boolean {
  const eq = attribute.indexOf('=');
  if (eq < 0) return false;
  const name = attribute.slice(0, eq).trim().toLowerCase();
  const value = attribute.slice(eq + 1).trim();
  if (name === 'max-age') return Number(value) <= 0;
  if (name === 'expires') return Date.parse(value) <= Date.now();
  return false;
}
