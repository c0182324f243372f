import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ExampleConfigError } from '../../example/config-error.js';
import { knownEnvNames } from '../../example/env-names-check.js';
import { resolveExampleConfig } from '../../example/example-config.js';
import { startExample } from '../../example/start-example.js';
import { NomosPortalConfigError } from '../../src/index.js';
import { LogCapture } from '../support/log-capture.js';
import { SAML_KEYS_DIR } from '../../src/testing/index.js';
import { freePort } from './free-port.js';

const SECRET = 'x'.repeat(40);
const REAL = {
  SAML_IDP_METADATA_FILE: '/etc/idp.xml',
  NOMOS_CLIENT_ID: 'client',
  NOMOS_CLIENT_SECRET: 'secret',
  SAML_SESSION_SECRET: SECRET,
};

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
    const started = startExample({
      ...withoutIdp,
      NODE_ENV: 'production',
      PORT: String(port),
      DATABASE_URL: `sqlite:${file}`,
    });
    await expect(started).rejects.toThrow(ExampleConfigError);
    await expect(started).rejects.toThrow(
      /NODE_ENV=production.*SAML_IDP_METADATA_FILE.*development IdP never runs in production/,
    );
    await expect(started).rejects.not.toThrow(/NOMOS_CLIENT_ID|SAML_SESSION_SECRET/);
    expect(existsSync(file)).toBe(false);
    expect(await listening(port)).toBe(false);
  });

  it('names every missing setting when nothing is configured', async () => {
    const started = startExample({ NODE_ENV: 'production', DATABASE_URL: `sqlite:${join(dir, 'x.sqlite')}` });
    await expect(started).rejects.toThrow(
      /SAML_IDP_METADATA_FILE.*NOMOS_CLIENT_ID and NOMOS_CLIENT_SECRET.*SAML_SESSION_SECRET/,
    );
  });

  it('accepts SAML_IDP_SSO_URL as a real IdP too', () => {
    const { SAML_IDP_METADATA_FILE: _unset, ...rest } = REAL;
    expect(
      resolveExampleConfig({ ...rest, NODE_ENV: 'production', SAML_IDP_SSO_URL: 'https://idp.corp.example/sso' })
        .devIdp,
    ).toBe(false);
  });
});

describe('intranet example: configuration', () => {
  it('runs everything embedded by default', () => {
    const config = resolveExampleConfig({});
    expect(config).toMatchObject({
      production: false,
      port: 3000,
      host: '127.0.0.1',
      publicBaseUrl: 'http://localhost:3000',
      devIdp: true,
      emulator: { apiPort: 3001, portalPort: 3443 },
      adminRoles: ['portal-admins'],
      auditPageSize: 20,
      customerLinks: [],
      database: { kind: 'sqlite', file: resolve('data/example.sqlite') },
    });
    expect(config.sessionSecret.generated).toBe(true);
    expect(resolveExampleConfig({}).sessionSecret.value).not.toBe(config.sessionSecret.value);
  });

  it('switches each embedded part off when the real one is configured', () => {
    const config = resolveExampleConfig({
      ...REAL,
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://app@db.corp.example/intranet',
    });
    expect(config).toMatchObject({
      production: true,
      devIdp: false,
      emulator: undefined,
      database: { kind: 'postgres' },
    });
    expect(config.sessionSecret).toEqual({ value: SECRET, generated: false });
  });

  it('reads ports, links and roles', () => {
    const config = resolveExampleConfig({
      PORT: '8080',
      NOMOS_EMULATOR_PORT: '0',
      NOMOS_EMULATOR_PORTAL_PORT: '0',
      SAML_ADMIN_ROLES: 'it-admins, auditors',
      EXAMPLE_CUSTOMER_LINKS: 'ann@corp.example=cus_1, bob=cus_2',
      PUBLIC_BASE_URL: 'https://intranet.corp.example/',
    });
    expect(config).toMatchObject({
      port: 8080,
      emulator: { apiPort: 0, portalPort: 0 },
      adminRoles: ['it-admins', 'auditors'],
      publicBaseUrl: 'https://intranet.corp.example',
      customerLinks: [
        { userId: 'ann@corp.example', customerId: 'cus_1' },
        { userId: 'bob', customerId: 'cus_2' },
      ],
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

// A guessed or misspelt variable (SAML_IDP_METADATA_URI for the real SAML_IDP_METADATA_URL) used to be
// ignored, and without an IdP source the example then ran the development IdP, which signs anyone in.
describe('intranet example: refuses SAML_* / NOMOS_* variables nothing reads', () => {
  it('names the unknown variable and lists the known ones', () => {
    const refuse = () => resolveExampleConfig({ SAML_IDP_METADATA_URI: 'https://login.corp.example/metadata.xml' });
    expect(refuse).toThrow(ExampleConfigError);
    expect(refuse).toThrow(
      /^Unknown variable "SAML_IDP_METADATA_URI": refusing to start .*development IdP, which signs anyone in/,
    );
    expect(refuse).toThrow(
      /Known SAML_\* and NOMOS_\* variables: .*NOMOS_CLIENT_ID, .*NOMOS_EMULATOR_PORT, .*SAML_IDP_METADATA_FILE, .*SAML_SP_SIGNING_KEY_FILE/,
    );
  });

  it.each([
    ['a misspelling', { SAML_IDP_METADATA_FLIE: '/etc/idp.xml' }, /"SAML_IDP_METADATA_FLIE"/],
    ['the wrong letter case', { saml_idp_metadata_file: '/etc/idp.xml' }, /"saml_idp_metadata_file"/],
    ['an empty value', { NOMOS_CLIENTID: '' }, /"NOMOS_CLIENTID"/],
    [
      'several at once, in production too',
      { ...REAL, NODE_ENV: 'production', SAML_IDP_CERT: 'x', NOMOS_SECRET: 'y' },
      /^Unknown variables "NOMOS_SECRET", "SAML_IDP_CERT"/,
    ],
  ])('%s', (_name, env, message) => {
    expect(() => resolveExampleConfig(env)).toThrow(message);
  });

  it('refuses IdP settings without the one that switches the development IdP off', () => {
    expect(() =>
      resolveExampleConfig({ SAML_IDP_ENTITY_ID: 'https://idp.corp.example', SAML_IDP_CERT_FILES: '/etc/idp.pem' }),
    ).toThrow(
      /^SAML_IDP_CERT_FILES, SAML_IDP_ENTITY_ID are set but neither SAML_IDP_METADATA_FILE nor SAML_IDP_SSO_URL/,
    );
  });

  it('accepts every variable the package and the example read, and leaves NOMOS_TEST_* to the test runner', () => {
    const known = knownEnvNames();
    expect(known).toEqual(
      expect.arrayContaining([
        'SAML_SESSION_SECRET',
        'SAML_SP_DECRYPTION_KEY_FILE',
        'NOMOS_PORTAL_AUTO_LINK_DOMAINS',
        'NOMOS_EMULATOR_PORTAL_PORT',
      ]),
    );
    expect(() => resolveExampleConfig(Object.fromEntries(known.map((name) => [name, ''])))).not.toThrow();
    expect(() => resolveExampleConfig({ NOMOS_TEST_PG: '1', NOMOS_TEST_SOMETHING_NEW: 'x' })).not.toThrow();
  });

  it('starts nothing (no database file, no listener)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nomos-example-env-'));
    try {
      const port = await freePort();
      const file = join(dir, 'example.sqlite');
      const started = startExample({
        PORT: String(port),
        DATABASE_URL: `sqlite:${file}`,
        SAML_IDP_METADATA_URI: 'https://idp/m.xml',
      });
      await expect(started).rejects.toThrow(/SAML_IDP_METADATA_URI/);
      expect(existsSync(file)).toBe(false);
      expect(await listening(port)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// The package refuses these too; the example checks its options before Nest starts, so that main.ts
// prints the one-line message and nothing else (no Nest start-up error log with a stack trace).
describe('intranet example: a SAML set-up that cannot work is one line, before anything starts', () => {
  let dir: string;
  let logs: LogCapture;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nomos-example-saml-'));
    logs = new LogCapture().start();
  });
  afterEach(() => {
    logs.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const start = async (env: Record<string, string>) => {
    const port = await freePort();
    const file = join(dir, 'example.sqlite');
    const error = await startExample({
      PORT: String(port),
      DATABASE_URL: `sqlite:${file}`,
      NOMOS_EMULATOR_PORT: '0',
      NOMOS_EMULATOR_PORTAL_PORT: '0',
      ...env,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NomosPortalConfigError);
    expect((error as Error).message).not.toMatch(/[\r\n]/);
    expect(logs.text).not.toMatch(/^\s+at /m);
    expect(logs.text).not.toContain('ExceptionHandler');
    expect(existsSync(file)).toBe(false);
    expect(await listening(port)).toBe(false);
    return (error as Error).message;
  };

  it.each([
    [
      'missing',
      () => join(dir, 'missing.xml'),
      /^saml\.idp\.metadataFile cannot be read: ".*missing\.xml" does not exist \(ENOENT\)\. Set saml\.idp\.metadataFile \(SAML_IDP_METADATA_FILE\)/,
    ],
    ['a directory', () => dir, /^saml\.idp\.metadataFile cannot be read: .* is a directory/],
    [
      'not XML',
      () => (writeFileSync(join(dir, 'x.xml'), 'Sign in to continue'), join(dir, 'x.xml')),
      /^saml\.idp\.metadataFile \(SAML_IDP_METADATA_FILE, ".*x\.xml"\) is not well-formed XML/,
    ],
  ])('SAML_IDP_METADATA_FILE %s', async (_name, path, message) => {
    expect(await start({ SAML_IDP_METADATA_FILE: path() })).toMatch(message);
  });

  it("an SP signing key with another key's certificate", async () => {
    const message = await start({
      SAML_IDP_SSO_URL: 'https://idp.corp.example/sso',
      SAML_IDP_ENTITY_ID: 'https://idp.corp.example',
      SAML_IDP_CERT_FILES: join(SAML_KEYS_DIR, 'idp-a.cert.pem'),
      SAML_SP_SIGNING_KEY_FILE: join(SAML_KEYS_DIR, 'sp-signing.key.pem'),
      SAML_SP_SIGNING_CERT_FILE: join(SAML_KEYS_DIR, 'sp-encryption.cert.pem'),
    });
    expect(message).toMatch(
      /^saml\.sp\.signingKey \(SAML_SP_SIGNING_KEY_FILE\) and saml\.sp\.signingCert \(SAML_SP_SIGNING_CERT_FILE\) do not match/,
    );
  });
});
