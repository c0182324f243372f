import request from 'supertest';
import { CustomerLinkService } from '../../src/index.js';
import { DEMO_PEOPLE } from '../../example/demo-people.js';
import type { ExampleEnv } from '../../example/example-config.js';
import { startExample, type RunningExample } from '../../example/start-example.js';
import { createTestDatabase, describeEachDb, type TestDatabase } from '../support/databases.js';
import { LogCapture, recordSecretsForRunner } from '../support/log-capture.js';
import { freePort } from './free-port.js';

// The embedded defaults without a browser: what starts, what is seeded, which headers go out.
describeEachDb('intranet example on embedded defaults', (kind) => {
  const logs = new LogCapture();
  let db: TestDatabase;
  let env: ExampleEnv;
  let running: RunningExample;
  const http = () => request(running.app.getHttpServer());

  beforeAll(async () => {
    logs.start();
    db = await createTestDatabase(kind);
    const options = db.options as { url?: string; database?: string };
    const port = await freePort();
    env = {
      PORT: String(port),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      NOMOS_EMULATOR_PORT: '0',
      NOMOS_EMULATOR_PORTAL_PORT: '0',
      DATABASE_URL: options.url ?? `sqlite:${options.database}`,
    };
    running = await startExample(env);
  }, 60_000);

  afterAll(async () => {
    const secrets = [running?.config.sessionSecret.value].flat().filter((s): s is string => typeof s === 'string');
    await running?.close();
    await db?.drop();
    logs.stop();
    recordSecretsForRunner(secrets);
    expect(logs.leaks(secrets)).toHaveLength(0);
  });

  it('warns loudly that the IdP, the emulator and the session secret are for development', () => {
    expect(logs.text).toContain('DEVELOPMENT IdP at');
    expect(logs.text).toContain('Nomos EMULATOR (not the real API)');
    expect(logs.text).toContain('Session secret generated at random for this run');
  });

  it('answers / with security headers whose CSP allows the sign-in and portal redirects', async () => {
    const home = await http()
      .get('/')
      .expect(200)
      .expect('Content-Type', /text\/html/);
    const csp = home.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toMatch(
      new RegExp(`form-action 'self'[^;]* https://\\*\\.customerportal\\.localhost:${running.emulator!.portalPort}`),
    );
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(home.headers['x-content-type-options']).toBe('nosniff');
    expect(home.headers['referrer-policy']).toBe('no-referrer');
    expect(home.headers['strict-transport-security']).toBeUndefined();
    expect(home.text).toContain('href="/auth/saml/login?returnTo=%2F"');
  });

  it('seeds the demo people with a customer, and nobody else', async () => {
    const links = running.app.get(CustomerLinkService);
    for (const person of DEMO_PEOPLE) {
      expect((await links.findByUser(person.nameId))?.customerId ?? null).toBe(person.customerId ?? null);
    }
  });

  it('serves the development IdP: metadata, and a login request answered once', async () => {
    const metadata = await http().get('/dev-idp/metadata').expect(200);
    expect(metadata.text).toContain(`${env.PUBLIC_BASE_URL}/dev-idp/sso`);
    await http().get('/dev-idp/sso?SAMLRequest=bm90IHhtbA').expect(400);
    const login = await http().get('/auth/saml/login?returnTo=/').expect(302);
    const page = await http()
      .get(new URL(login.headers.location).pathname + new URL(login.headers.location).search)
      .expect(200);
    const handle = /name="request" value="([^"]+)"/.exec(page.text)![1];
    const answer = await http().post('/dev-idp/sso').type('form').send({ request: handle, person: 'anna' }).expect(200);
    expect(answer.text).toContain(`action="${env.PUBLIC_BASE_URL}/auth/saml/acs"`);
    expect(answer.text).toContain('<script src="/dev-idp/auto-submit.js"></script>');
    expect(answer.headers['cache-control']).toBe('no-store');
    await http().post('/dev-idp/sso').type('form').send({ request: handle, person: 'anna' }).expect(400);
  });

  it('restarts on the same database without duplicating anything', async () => {
    await running.close();
    running = await startExample(env);
    const links = running.app.get(CustomerLinkService);
    for (const person of DEMO_PEOPLE.filter((p) => p.customerId)) {
      expect(await links.findByCustomer(person.customerId!)).toHaveLength(1);
    }
    await http().get('/').expect(200);
  });
});
