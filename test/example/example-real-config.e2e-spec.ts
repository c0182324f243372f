import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { CustomerLinkService } from '../../src/index.js';
import { startExample, type RunningExample } from '../../example/start-example.js';
import type { ExampleEnv } from '../../example/example-config.js';
import { createTestDatabase, describeEachDb, type TestDatabase } from '../support/databases.js';
import { LogCapture, recordSecretsForRunner } from '../support/log-capture.js';
import { DEMO_CUSTOMERS, NomosEmulator, testClientSecret, TestIdp } from '../../src/testing/index.js';
import { freePort } from './free-port.js';

const ALICE = {
  nameId: 'alice@corp.example',
  email: 'alice@corp.example',
  displayName: 'Alice Corp',
  groups: ['staff'],
};
const ALICE_CUSTOMER = DEMO_CUSTOMERS[0].id;

// Configuration only, no code: a "real" IdP (its metadata file) and a "real" Nomos API (an emulator
// the example does not own, reached through NOMOS_*), in production mode, on each database.
describeEachDb('intranet example with a real IdP and Nomos configured', (kind) => {
  const logs = new LogCapture();
  const clientSecret = testClientSecret(16);
  const sessionSecret = randomBytes(24).toString('hex');
  let dir: string;
  let db: TestDatabase;
  let nomos: NomosEmulator;
  let idp: TestIdp;
  let env: ExampleEnv;
  let running: RunningExample;

  beforeAll(async () => {
    logs.start();
    dir = mkdtempSync(join(tmpdir(), 'nomos-example-real-'));
    db = await createTestDatabase(kind);
    nomos = new NomosEmulator({ clientId: 'corp-intranet', clientSecret });
    await nomos.start();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    idp = new TestIdp({
      entityId: 'https://idp.corp.example/metadata',
      ssoUrl: 'https://idp.corp.example/sso',
      sloUrl: 'https://idp.corp.example/slo',
      sp: { entityId: `${base}/saml`, acsUrl: `${base}/auth/saml/acs`, sloUrl: `${base}/auth/saml/logout` },
    });
    writeFileSync(join(dir, 'idp-metadata.xml'), idp.metadataXml());
    const options = db.options as { url?: string; database?: string };
    env = {
      NODE_ENV: 'production',
      PORT: String(port),
      PUBLIC_BASE_URL: base,
      DATABASE_URL: options.url ?? `sqlite:${options.database}`,
      SAML_IDP_METADATA_FILE: join(dir, 'idp-metadata.xml'),
      SAML_SESSION_SECRET: sessionSecret,
      NOMOS_CLIENT_ID: 'corp-intranet',
      NOMOS_CLIENT_SECRET: clientSecret,
      NOMOS_BASE_URL: nomos.apiUrl,
      NOMOS_PORTAL_HOSTS: '*.customerportal.localhost',
      EXAMPLE_CUSTOMER_LINKS: `${ALICE.nameId}=${ALICE_CUSTOMER}`,
    };
    running = await startExample(env);
  }, 60_000);

  afterAll(async () => {
    await running?.close();
    await nomos?.stop();
    await db?.drop();
    logs.stop();
    rmSync(dir, { recursive: true, force: true });
    const secrets = [
      clientSecret,
      sessionSecret,
      ...nomos.issuedTokens(),
      ...nomos.issuedLinks().flatMap((l) => [l.link, l.tokenHash]),
    ];
    recordSecretsForRunner(secrets);
    expect(logs.leaks(secrets)).toHaveLength(0);
  });

  it('runs neither the development IdP nor its own emulator', async () => {
    expect(running.emulator).toBeUndefined();
    await request(running.app.getHttpServer()).get('/dev-idp/sso').expect(404);
    const login = await request(running.app.getHttpServer()).get('/auth/saml/login?returnTo=/').expect(302);
    expect(login.headers.location.startsWith('https://idp.corp.example/sso?SAMLRequest=')).toBe(true);
    expect(logs.text).not.toMatch(/DEVELOPMENT IdP|Nomos EMULATOR|generated at random/);
  });

  it('signs in at the configured IdP and mints through the configured API for the configured mapping', async () => {
    const agent = request.agent(running.app.getHttpServer());
    const login = await agent.get('/auth/saml/login?returnTo=/').expect(302);
    const authn = idp.parseAuthnRequest(login.headers.location);
    const { samlResponse } = await idp.loginResponse({
      user: ALICE,
      inResponseTo: authn.id,
      relayState: authn.relayState,
    });
    const acs = await agent
      .post('/auth/saml/acs')
      .type('form')
      .send({ SAMLResponse: samlResponse, RelayState: authn.relayState ?? '' })
      .expect(303);
    // The ACS verifies; the same-site completion step (binding cookie checked) signs in.
    await agent.get(acs.headers.location).expect(303).expect('Location', '/');
    const home = await agent.get('/').expect(200);
    expect(home.text).toContain('Hello, Alice Corp');
    const portal = await agent.get('/portal').expect(302);
    expect(new URL(portal.headers.location).hostname).toBe('acme-power.customerportal.localhost');
    expect(nomos.issuedLinks().map((l) => l.customerId)).toEqual([ALICE_CUSTOMER]);
  });

  it('restarts on the same database: migrations and seeded links are idempotent', async () => {
    await running.close();
    running = await startExample(env);
    const link = await running.app.get(CustomerLinkService).findByUser(ALICE.nameId);
    expect(link?.customerId).toBe(ALICE_CUSTOMER);
    expect(await running.app.get(CustomerLinkService).findByCustomer(ALICE_CUSTOMER)).toHaveLength(1);
    await request(running.app.getHttpServer()).get('/').expect(200);
  });
});
