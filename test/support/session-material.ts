import type { INestApplication } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { ledgerSource, type LedgerSource } from './runner-ledger.js';

// Everything seen in this test file (one Jest worker module registry per file).
const seen = new Set<string>();
// Recorded once per source: each source must register its own (the runner checks each one's promise).
const recorded = new Set<string>();
const anyFile = ledgerSource('session material');

function record(values: string[], kind: 'session' | 'saml-response', source: LedgerSource = anyFile): void {
  const fresh = values.filter((v) => v.length >= 8 && !recorded.has(`${source.id}\t${v}`));
  fresh.forEach((v) => (seen.add(v), recorded.add(`${source.id}\t${v}`)));
  source.record(fresh, kind);
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
export function recordSetCookies(header: string | string[] | number | undefined, source?: LedgerSource): void {
  for (const cookie of [header ?? []].flat().map(String)) {
    const raw = cookie.split(';')[0].split('=').slice(1).join('=');
    if (raw === '') continue;
    let decoded = raw;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      // Not percent-encoded text: the raw value is the only form the cookie can take.
    }
    // express-session's signed value: "s:" + sid + "." + signature.
    const sid = decoded.startsWith('s:') ? decoded.slice(2, decoded.lastIndexOf('.')) : undefined;
    record([raw, decoded, ...(sid ? [sid] : [])], 'session', source);
  }
}

/**
 * Records a SAMLResponse (base64) and the distinctive ids inside it; with `source`, first promises
 * the runner that this source registers SAML response values.
 */
export function recordSamlResponse(
  response: { samlResponse: string; assertionId?: string; responseId?: string },
  source?: LedgerSource,
): void {
  source?.expect('saml-response');
  record([response.samlResponse, response.assertionId ?? '', response.responseId ?? ''], 'saml-response', source);
}

/** The ID attributes in a base64 SAML message (Response, Assertion), when it decodes to XML. */
function samlIds(base64: string): string[] {
  const xml = Buffer.from(base64, 'base64').toString('utf8');
  return [...xml.matchAll(/\sID="([^"]{8,})"/g)].map((m) => m[1]);
}

/**
 * Makes `app` record every cookie it sets and every SAMLResponse posted to it, tampered ones
 * included (call before `listen`). Seeing a Set-Cookie header or a posted SAMLResponse promises
 * the runner a registration, so a parser that stops finding values fails the run.
 */
export function recordCookiesOf(app: INestApplication): void {
  const source = ledgerSource('a SAML test app');
  app.use((_request: unknown, response: ServerResponse, next: () => void) => {
    const writeHead = response.writeHead;
    // Headers are final at writeHead (express-session sets its cookie just before it), and the
    // form body has been parsed by then.
    response.writeHead = function (this: ServerResponse, ...args: unknown[]) {
      const cookies = this.getHeader('set-cookie');
      if (cookies !== undefined && String(cookies) !== '') source.expect('session');
      recordSetCookies(cookies, source);
      const posted = (this.req as { body?: { SAMLResponse?: unknown } } | undefined)?.body?.SAMLResponse;
      // Only what decodes to a SAML message with ids: junk posted by bad-input tests may be
      // quoted in test titles.
      const ids = typeof posted === 'string' ? samlIds(posted) : [];
      if (ids.length) {
        source.expect('saml-response');
        record([String(posted), ...ids], 'saml-response', source);
      }
      return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
    };
    next();
  });
}
