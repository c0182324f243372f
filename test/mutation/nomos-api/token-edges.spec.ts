// Found by `npm run test:mutation`: the token cache's exact time edges, the form encoding of the
// client credentials, and what the provider logs. The transport is a small fake of its one method.
import { NomosAuthenticationError } from '../../../src/nomos-api/nomos-api.errors.js';
import { resolveNomosApiOptions } from '../../../src/nomos-api/nomos-api.options.js';
import type { HttpTransport, TransportResponse } from '../../../src/nomos-api/http-transport.js';
import { CapturingLogger } from '../../../src/nomos-api/nomos-test-server.spec-helper.js';
import { TokenProvider, formEncode } from '../../../src/nomos-api/token-provider.js';

type Send = HttpTransport['send'];

function setUp(answer: (n: number, body: URLSearchParams) => TransportResponse) {
  const sent: Array<Parameters<Send>[0]> = [];
  const transport = {
    send: (async (req) => {
      sent.push(req);
      return answer(sent.length, new URLSearchParams(req.body));
    }) as Send,
  };
  let clock = 1_000_000;
  const logger = new CapturingLogger();
  const options = resolveNomosApiOptions({ clientId: 'id:1', clientSecret: 'a+b/c=d e%&', tokenRefreshMarginSec: 60 });
  const tokens = new TokenProvider(transport, options, logger, () => clock);
  return { sent, logger, tokens, advance: (ms: number) => (clock += ms) };
}
const issued = (n: number, extra: Record<string, unknown> = {}): TransportResponse => ({
  statusCode: 200,
  headers: {},
  body: { access_token: `at-${n}`, token_type: 'Bearer', expires_in: 3600, ...extra },
});

describe('TokenProvider edges', () => {
  it('form-encodes id and secret before base64 (RFC 6749 2.3.1)', async () => {
    expect(formEncode('a+b/c=d e%&:')).toBe('a%2Bb%2Fc%3Dd+e%25%26%3A');
    const { sent, tokens } = setUp((n) => issued(n));
    await tokens.getToken();
    expect(sent[0].headers).toEqual({
      authorization: `Basic ${Buffer.from('id%3A1:a%2Bb%2Fc%3Dd+e%25%26', 'utf8').toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect([sent[0].method, sent[0].path, sent[0].body]).toEqual([
      'POST',
      '/oauth/token',
      'grant_type=client_credentials',
    ]);
  });

  it('serves the cached token until exactly the refresh moment, then renews', async () => {
    const { sent, tokens, advance, logger } = setUp((n) => issued(n));
    expect(await tokens.getToken()).toBe('at-1');
    expect(logger.lines).toEqual(['debug Nomos access token obtained (client_credentials), valid for 3600 s']);
    advance(3540 * 1000 - 1);
    expect(await tokens.getToken()).toBe('at-1');
    advance(1);
    expect(await tokens.getToken()).toBe('at-2');
    expect(sent).toHaveLength(2);
  });

  it('keeps the old token only while it has not expired, and says so', async () => {
    const { tokens, advance, logger } = setUp((n) =>
      n === 1 ? issued(1) : { statusCode: 503, headers: {}, body: { code: 'DOWN' } },
    );
    await tokens.getToken();
    advance(3599 * 1000);
    expect(await tokens.getToken()).toBe('at-1');
    expect(logger.lines.at(-1)).toBe(
      'warn Nomos token renewal failed (503 DOWN); using the current token until it expires',
    );
    advance(1000);
    await expect(tokens.getToken()).rejects.toMatchObject({ statusCode: 503, nomosCode: 'DOWN' });
  });

  it('refuses any non-2xx token answer, naming the grant, without a request id suffix when none came', async () => {
    const { tokens } = setUp(() => ({ statusCode: 300, headers: {}, body: {} }));
    const error = (await tokens.getToken().catch((e: unknown) => e)) as NomosAuthenticationError;
    expect(error).toBeInstanceOf(NomosAuthenticationError);
    expect(error.message).toBe('Nomos token endpoint refused the client_credentials grant: 300 HTTP_300');
    expect(error.retryable).toBe(false);
    const ok = setUp((n) => ({ ...issued(n), statusCode: 299 }));
    expect(await ok.tokens.getToken()).toBe('at-1');
  });
});
