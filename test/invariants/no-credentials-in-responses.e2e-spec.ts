import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import request from 'supertest';
import { describeEachDb } from '../support/databases.js';
import { PEOPLE, SP_BASE_URL, SP_ENTITY_ID, signIn, testIdp } from '../support/saml-app.js';
import { TestIdp, testKeys } from '../../src/testing/index.js';
import { useSamlEnv } from '../support/saml-suite.js';

/** One answer of the app, as it went onto the wire: the status line and headers, then the body. */
interface Captured {
  what: string;
  wire: string;
}

/**
 * Records every response the server writes, whoever asked for it: the raw header block Node sent
 * and every body chunk. Nothing a test forgets to look at can slip by.
 */
function captureResponses(server: Server): Captured[] {
  const captured: Captured[] = [];
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
      chunks.push(
        typeof chunk === 'string'
          ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
          : Buffer.from(chunk as Uint8Array),
      );
    };
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.write = ((...args: unknown[]) => (keep(args[0], args[1]), write(...args))) as ServerResponse['write'];
    res.end = ((...args: unknown[]) => (keep(args[0], args[1]), end(...args))) as ServerResponse['end'];
    res.on('finish', () => {
      const head = (res as unknown as { _header?: string })._header ?? '';
      captured.push({
        what: `${req.method} ${req.url} → ${res.statusCode}`,
        wire: head + Buffer.concat(chunks).toString('latin1'),
      });
    });
  });
  return captured;
}

/** `application/x-www-form-urlencoded` form of one value (how RFC 6749 §2.3.1 sends client credentials). */
const formEncoded = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);

/** Every form a credential could take in an answer: as is, URL-encoded, base64, and in a Basic header. */
function forms(value: string): string[] {
  const b64 = Buffer.from(value, 'utf8').toString('base64');
  return [
    value,
    encodeURIComponent(value),
    formEncoded(value),
    b64,
    b64.replace(/=+$/, ''),
    Buffer.from(value).toString('base64url'),
  ];
}

/**
 * Invariant 2: the access token and the client secret never reach a browser. A whole life of one
 * browser — metadata, sign-in, /portal, /portal/link, Nomos failures whose bodies echo the token
 * and the credentials, a refused sign-in, logout — and not one answer carries any of them.
 */
describeEachDb('invariant 2: no answer carries the access token or the client secret', (kind) => {
  const keys = testKeys();
  const env = useSamlEnv(kind);
  let idp: TestIdp;
  let captured: Captured[];

  const t = env.app({
    idp: testIdp(),
    saml: {
      sp: {
        entityId: SP_ENTITY_ID,
        baseUrl: SP_BASE_URL,
        signingKey: keys.spSigning.key,
        signingCert: keys.spSigning.cert,
      },
    },
  });

  beforeAll(async () => {
    captured = captureResponses(t.http as Server);
    idp = new TestIdp({ sp: { metadataXml: (await request(t.http).get('/auth/saml/metadata')).text } });
  });

  it('a full flow with Nomos failures echoing credentials: every answer is free of them', async () => {
    const browser = request.agent(t.http);
    const link = () =>
      browser.post('/portal/link').set('x-nomos-portal', '1').set('content-type', 'application/json').send('{}');
    const page = () => browser.get('/portal').set('accept', 'text/html');

    expect((await browser.get('/auth/saml/metadata')).status).toBe(200);
    expect((await signIn(browser, idp, PEOPLE.alice, '/portal', { sessionIndex: '_s1' })).status).toBe(303);
    expect((await page()).status).toBe(302);
    expect((await link()).status).toBe(200);
    const [accessToken] = env.emulator.issuedTokens();
    expect(accessToken).toEqual(expect.stringMatching(/\S{16,}/));

    const basic = Buffer.from(`portal-test:${env.clientSecret}`).toString('base64');
    const echo =
      `token ${accessToken} Authorization: Bearer ${accessToken} Basic ${basic} ` +
      `secret ${env.clientSecret} form ${formEncoded(env.clientSecret)}`;
    // 500s (retried), a 400 whose every field echoes the token, the same as plain text, a 401 echoing it.
    env.emulator.injectFault('mint', { status: 500, body: { code: 'INTERNAL_SERVER_ERROR', message: echo } }, 3);
    expect((await page()).status).toBe(503);
    env.emulator.clearFaults();
    env.emulator.injectFault('mint', {
      status: 400,
      body: { code: accessToken, message: echo, docs: echo, errors: [{ message: echo }] },
    });
    expect((await link()).status).toBe(502);
    env.emulator.clearFaults();
    env.emulator.injectFault('mint', { status: 400, body: { error: { code: env.clientSecret, message: echo } } });
    expect((await page()).status).toBe(502);
    env.emulator.clearFaults();
    env.emulator.injectFault('mint', { status: 400, body: echo });
    expect((await link()).status).toBe(502);
    env.emulator.clearFaults();
    env.emulator.injectFault('mint', { status: 401, body: { code: 'UNAUTHORIZED', message: echo } }, 2);
    env.emulator.injectFault('token', { status: 401, body: { error: 'invalid_client', error_description: echo } }, 3);
    expect((await link()).status).toBe(502);
    env.emulator.clearFaults();
    // A token answer that echoes the secret as its token type: refused, never cached, never shown.
    env.emulator.revokeAllTokens();
    env.emulator.injectFault(
      'token',
      { status: 200, body: { access_token: env.clientSecret, token_type: basic, expires_in: 3600 } },
      3,
    );
    expect((await page()).status).toBe(503);
    env.emulator.clearFaults();
    expect((await link()).status).toBe(200);

    // A refused sign-in, an unknown route, logout (and its signed redirect to the IdP).
    const stranger = request.agent(t.http);
    await stranger
      .post('/auth/saml/acs')
      .type('form')
      .send({ SAMLResponse: Buffer.from(echo).toString('base64') });
    await stranger.get('/auth/saml/nowhere');
    expect((await browser.post('/auth/saml/logout')).status).toBe(302);
    expect((await link()).status).toBe(401);

    const tokens = env.emulator.issuedTokens();
    expect(tokens.length).toBeGreaterThanOrEqual(2); // the first token and the one after the revocation
    // The Basic value as the client really sends it: id and secret form-encoded before base64.
    const sentBasic = Buffer.from(`${formEncoded('portal-test')}:${formEncoded(env.clientSecret)}`).toString('base64');
    const needles = [...tokens, env.clientSecret, basic, sentBasic, `portal-test:${env.clientSecret}`].flatMap(forms);
    // The capture saw every kind of answer the flow produced (so the search below had something to search).
    const paths = new Set(captured.map((c) => c.what.replace(/\?.*? →/, ' →')));
    for (const expected of [
      'GET /auth/saml/metadata → 200',
      'GET /auth/saml/login → 302',
      'POST /auth/saml/acs → 303',
      'GET /auth/saml/complete → 303',
      'GET /portal → 302',
      'POST /portal/link → 200',
      'GET /portal → 503',
      'POST /portal/link → 502',
      'POST /auth/saml/acs → 401',
      'GET /auth/saml/nowhere → 404',
      'POST /auth/saml/logout → 302',
      'POST /portal/link → 401',
    ])
      expect([...paths]).toContain(expected);
    // The logout redirect, signed.
    expect(captured.map((c) => c.wire)).toContainEqual(expect.stringContaining('SAMLRequest='));
    const leaks = captured.filter((c) => needles.some((n) => c.wire.includes(n))).map((c) => c.what);
    expect(leaks).toEqual([]);
  });
});
