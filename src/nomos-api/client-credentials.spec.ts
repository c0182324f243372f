import { NomosEmulator } from '../testing/index.js';
import { NomosApiClient } from './nomos-api.client.js';
import { NomosAuthenticationError } from './nomos-api.errors.js';
import { resolveNomosApiOptions } from './nomos-api.options.js';
import { CapturingLogger, NomosTestServer, tokenRoute, type Route } from './nomos-test-server.spec-helper.js';
import { TokenProvider } from './token-provider.js';
import { HttpTransport } from './http-transport.js';

// Every character RFC 6749 §2.3.1's form-encoding changes, plus a non-ASCII one.
const CLIENT_ID = 'portal client:1';
const SECRET = 'se+cr/et= :%41 & 100%ü';

describe('client credentials are form-urlencoded before base64 (RFC 6749 §2.3.1)', () => {
  describe('the Authorization header sent', () => {
    let server: NomosTestServer;
    const routes: Record<string, Route> = {};
    beforeAll(async () => {
      server = await NomosTestServer.start({ 'POST /oauth/token': (req, res) => routes.token(req, res) });
      routes.token = tokenRoute(3600);
    });
    afterAll(() => server.close());

    it(
      'is Basic base64(form-encoded id ":" form-encoded secret): space ' +
        '→ "+", reserved → %XX, UTF-8; the first ":" still ends the id',
      async () => {
        const transport = new HttpTransport(server.options());
        try {
          const tokens = new TokenProvider(
            transport,
            server.options({ clientId: CLIENT_ID, clientSecret: SECRET }),
            new CapturingLogger(),
          );
          await tokens.getToken();
        } finally {
          await transport.close();
        }
        const [req] = server.seen('POST /oauth/token');
        const sent = Buffer.from(String(req.headers.authorization).replace(/^Basic /, ''), 'base64').toString('utf8');
        expect(sent).toBe('portal+client%3A1:se%2Bcr%2Fet%3D+%3A%2541+%26+100%25%C3%BC');
        const [id, secret] = [sent.slice(0, sent.indexOf(':')), sent.slice(sent.indexOf(':') + 1)];
        expect([id, secret].map((part) => decodeURIComponent(part.replace(/\+/g, ' ')))).toEqual([CLIENT_ID, SECRET]);
      },
    );
  });

  describe('against the strict emulator', () => {
    // Strict (the default): only form-decoded credentials are accepted, as RFC 6749 requires.
    const nomos = new NomosEmulator({ clientId: CLIENT_ID, clientSecret: SECRET });
    beforeAll(() => nomos.start());
    afterAll(() => nomos.stop());

    const client = (clientSecret: string) =>
      new NomosApiClient(
        resolveNomosApiOptions({ baseUrl: nomos.apiUrl, clientId: CLIENT_ID, clientSecret, maxRetries: 0 }),
        new CapturingLogger(),
      );

    it('a secret with + / = : % & and spaces authenticates and mints a link', async () => {
      const api = client(SECRET);
      try {
        const { link } = await api.createMagicLink('cus_demo0anna0becker0000001');
        expect(nomos.issuedLinks().map((l) => l.link)).toContain(link);
        expect(nomos.counters.tokenByGrant).toEqual({ client_credentials: 1 });
      } finally {
        await api.close();
      }
    });

    it('a wrong secret is still refused (the encoding does not make every secret pass)', async () => {
      const api = client(SECRET.replace('+', ' '));
      try {
        await expect(api.createMagicLink('cus_demo0anna0becker0000001')).rejects.toBeInstanceOf(
          NomosAuthenticationError,
        );
      } finally {
        await api.close();
      }
    });
  });
});
