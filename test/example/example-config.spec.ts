import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ExampleConfigError } from '../../example/config-error.js';
import { resolveExampleConfig } from '../../example/example-config.js';
import { startExample } from '../../example/start-example.js';
import { freePort } from './free-port.js';

const SECRET = 'x'.repeat(40);
const REAL = { SAML_IDP_METADATA_FILE: '/etc/idp.xml', NOMOS_CLIENT_ID: 'client', NOMOS_CLIENT_SECRET: 'secret', SAML_SESSION_SECRET: SECRET };

const listening = (port: number) =>
  new Promise<boolean>((done) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });

describe('intranet example: refuses production without a real IdP', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'nomos-example-config-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names the IdP settings and starts nothing (no database file, no listener)', async () => {
    const port = await freePort();
    const file = join(dir, 'example.sqlite');
    const { SAML_IDP_METADATA_FILE: _unset, ...withoutIdp } = REAL;
    const started = startExample({ ...withoutIdp, NODE_ENV: 'production', PORT: String(port), DATABASE_URL: `sqlite:${file}` });
    await expect(started).rejects.toThrow(ExampleConfigError);
    await expect(started).rejects.toThrow(/NODE_ENV=production.*SAML_IDP_METADATA_FILE.*development IdP never runs in production/);
    await expect(started).rejects.not.toThrow(/NOMOS_CLIENT_ID|SAML_SESSION_SECRET/);
    expect(existsSync(file)).toBe(false);
    expect(await listening(port)).toBe(false);
  });

  it('names every missing setting when nothing is configured', async () => {
    const started = startExample({ NODE_ENV: 'production', DATABASE_URL: `sqlite:${join(dir, 'x.sqlite')}` });
    await expect(started).rejects.toThrow(/SAML_IDP_METADATA_FILE.*NOMOS_CLIENT_ID and NOMOS_CLIENT_SECRET.*SAML_SESSION_SECRET/);
  });

  it('accepts SAML_IDP_SSO_URL as a real IdP too', () => {
    const { SAML_IDP_METADATA_FILE: _unset, ...rest } = REAL;
    expect(resolveExampleConfig({ ...rest, NODE_ENV: 'production', SAML_IDP_SSO_URL: 'https://idp.corp.example/sso' }).devIdp).toBe(false);
  });
});

describe('intranet example: configuration', () => {
  it('runs everything embedded by default', () => {
    const config = resolveExampleConfig({});
    expect(config).toMatchObject({
      production: false, port: 3000, host: '127.0.0.1', publicBaseUrl: 'http://localhost:3000', devIdp: true,
      emulator: { apiPort: 3001, portalPort: 3443 }, adminRoles: ['portal-admins'], auditPageSize: 20, customerLinks: [],
      database: { kind: 'sqlite', file: resolve('data/example.sqlite') },
    });
    expect(config.sessionSecret.generated).toBe(true);
    expect(resolveExampleConfig({}).sessionSecret.value).not.toBe(config.sessionSecret.value);
  });

  it('switches each embedded part off when the real one is configured', () => {
    const config = resolveExampleConfig({ ...REAL, NODE_ENV: 'production', DATABASE_URL: 'postgres://app@db.corp.example/intranet' });
    expect(config).toMatchObject({ production: true, devIdp: false, emulator: undefined, database: { kind: 'postgres' } });
    expect(config.sessionSecret).toEqual({ value: SECRET, generated: false });
  });

  it('reads ports, links and roles', () => {
    const config = resolveExampleConfig({
      PORT: '8080', NOMOS_EMULATOR_PORT: '0', NOMOS_EMULATOR_PORTAL_PORT: '0', SAML_ADMIN_ROLES: 'it-admins, auditors',
      EXAMPLE_CUSTOMER_LINKS: 'ann@corp.example=cus_1, bob=cus_2', PUBLIC_BASE_URL: 'https://intranet.corp.example/',
    });
    expect(config).toMatchObject({
      port: 8080, emulator: { apiPort: 0, portalPort: 0 }, adminRoles: ['it-admins', 'auditors'], publicBaseUrl: 'https://intranet.corp.example',
      customerLinks: [{ userId: 'ann@corp.example', customerId: 'cus_1' }, { userId: 'bob', customerId: 'cus_2' }],
    });
  });

  it.each([
    [{ PORT: '0' }, /PORT must be a port number from 1/],
    [{ NOMOS_EMULATOR_PORT: '70000' }, /NOMOS_EMULATOR_PORT/],
    [{ DATABASE_URL: 'mysql://db/x' }, /DATABASE_URL must start with postgres:\/\/ or sqlite:/],
    [{ EXAMPLE_CUSTOMER_LINKS: 'no-equals-sign' }, /EXAMPLE_CUSTOMER_LINKS/],
    [{ TRUST_PROXY: 'yes' }, /TRUST_PROXY/],
  ])('refuses %j', (env, message) => {
    expect(() => resolveExampleConfig(env)).toThrow(message);
  });
});
