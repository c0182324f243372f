import type { INestApplication } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { recordSecretsForRunner } from './log-capture.js';

// Everything seen in this test file (one Jest worker module registry per file).
const seen = new Set<string>();

function record(values: string[], kind: 'session' | 'saml-response'): void {
  const fresh = values.filter((v) => v.length >= 8 && !seen.has(v));
  fresh.forEach((v) => seen.add(v));
  recordSecretsForRunner(fresh, kind);
}

/**
 * Session material this test file saw: every cookie value an app set (the session cookie, the
 * login-binding cookie), the raw session id inside a signed cookie, and every SAMLResponse the test
 * IdP built with the Response and Assertion ids in it. None of it may ever reach the logs.
 */
export function sessionMaterial(): string[] {
  return [...seen];
}

/** Records the values of `Set-Cookie` headers: as sent, URL-decoded, and the id in a signed (`s:`) value. */
export function recordSetCookies(header: string | string[] | number | undefined): void {
  for (const cookie of [header ?? []].flat().map(String)) {
    const raw = cookie.split(';')[0].split('=').slice(1).join('=');
    if (raw === '') continue;
    let decoded = raw;
    try {
      decoded = decodeURIComponent(raw);
    } catch {}
    // express-session's signed value: "s:" + sid + "." + signature.
    const sid = decoded.startsWith('s:') ? decoded.slice(2, decoded.lastIndexOf('.')) : undefined;
    record([raw, decoded, ...(sid ? [sid] : [])], 'session');
  }
}

/** Records a SAMLResponse (base64) and the distinctive ids inside it. */
export function recordSamlResponse(response: { samlResponse: string; assertionId?: string; responseId?: string }): void {
  record([response.samlResponse, response.assertionId ?? '', response.responseId ?? ''], 'saml-response');
}

/** Makes `app` record every cookie it sets (call before `listen`). */
export function recordCookiesOf(app: INestApplication): void {
  app.use((_request: unknown, response: ServerResponse, next: () => void) => {
    const writeHead = response.writeHead;
    // Headers are final at writeHead (express-session sets its cookie just before it).
    response.writeHead = function (this: ServerResponse, ...args: unknown[]) {
      recordSetCookies(this.getHeader('set-cookie'));
      return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
    } as typeof response.writeHead;
    next();
  });
}
