import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { SamlOptions } from '../../src/index.js';
import { devTls } from '../../src/testing/index.js';
import type { SamlTestApp } from '../support/saml-app.js';
import { PEOPLE, signIn, testIdp } from '../support/saml-app.js';
import { useSamlEnv } from '../support/saml-suite.js';
import { eventually, MetadataServer } from './metadata-server.js';
import { warningsDuring } from './warnings.js';

/** A sign-in whose response is signed with `key`: 303 when the app trusts it. */
async function signInWith(app: SamlTestApp, idp: ReturnType<typeof testIdp>, key: 'A' | 'B'): Promise<number> {
  return (await signIn(request.agent(app.http), idp, PEOPLE.alice, '/portal', { signingKey: key })).status;
}

describe('IdP metadata from its URL, refreshed while running', () => {
  const idp = testIdp();
  const server = new MetadataServer();
  const dir = mkdtempSync(join(tmpdir(), 'nomos-idp-metadata-'));
  const env = useSamlEnv('sqlite');
  const fromUrl = (cacheFile = join(dir, 'last-good.json')): Partial<SamlOptions> => ({
    idp: {
      metadataUrl: server.url,
      // The test server is on loopback with the dev certificate: both allowed here on purpose.
      allowPrivateMetadataHosts: true,
      metadataCa: devTls().cert,
      metadataRefreshMs: 1_000,
      metadataCacheFile: cacheFile,
    },
  });
  let app: SamlTestApp;

  beforeAll(async () => {
    await server.start();
    server.serve(idp.metadataXml(['A']));
    app = await env.start({ idp, saml: fromUrl() });
  });
  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts with the certificates the URL lists: key A signs in, key B does not', async () => {
    expect(await signInWith(app, idp, 'A')).toBe(303);
    expect(await signInWith(app, idp, 'B')).toBe(401);
  });

  it('trusts a rotated certificate after a refresh, without a restart, and drops the old one', async () => {
    server.serve(idp.metadataXml(['B']));
    await eventually(async () => (await signInWith(app, idp, 'B')) === 303);
    expect(await signInWith(app, idp, 'A')).toBe(401);
    expect(env.logs.text).toMatch(/metadataUrl \(https:\/\/localhost:\d+\/metadata\) refreshed: now trusting 1 IdP/);
  });

  it('asks conditionally (If-None-Match) and takes a 304 as "unchanged"', async () => {
    await eventually(() => server.seen.some((seen) => seen.status === 304 && seen.ifNoneMatch !== undefined));
    expect(await signInWith(app, idp, 'B')).toBe(303);
  });

  it('keeps the last good metadata while the IdP is down, with a warning', async () => {
    server.behaviour = { kind: 'status', status: 503 };
    await eventually(() => /answered HTTP 503; keeping the metadata read/.test(env.logs.text));
    expect(await signInWith(app, idp, 'B')).toBe(303);
  });

  it('keeps the last good metadata when a document is malformed, with a warning', async () => {
    const whole = idp.metadataXml(['A']);
    server.serve(whole.slice(0, Math.floor(whole.length / 2)));
    await eventually(() => /metadata\) is not well-formed XML.*keeping the metadata read/.test(env.logs.text));
    expect(await signInWith(app, idp, 'B')).toBe(303);
    expect(await signInWith(app, idp, 'A')).toBe(401);
  });

  it('does not take a document past its validUntil', async () => {
    const expired = idp
      .metadataXml(['A'])
      .replace(/(<(?:\w+:)?EntityDescriptor)\b/, '$1 validUntil="2020-01-01T00:00:00Z"');
    server.serve(expired);
    await eventually(() => /expired: its validUntil 2020-01-01T00:00:00.000Z has passed/.test(env.logs.text));
    expect(await signInWith(app, idp, 'A')).toBe(401);
    expect(await signInWith(app, idp, 'B')).toBe(303);
  });

  it('starts another replica from the last good copy while the IdP is down', async () => {
    server.behaviour = { kind: 'status', status: 503 };
    // Nest's testing module silences warnings until the app has its logger: record them here.
    const { result: replica, warnings } = await warningsDuring(() => env.start({ idp, saml: fromUrl() }));
    expect(warnings.join('\n')).toMatch(/answered HTTP 503; using the last good copy read /);
    expect(await signInWith(replica, idp, 'B')).toBe(303);
  });

  it('refuses to start without any usable document, naming the setting', async () => {
    server.behaviour = { kind: 'status', status: 503 };
    await expect(env.start({ idp, saml: fromUrl(join(dir, 'none-yet.json')) })).rejects.toThrow(
      /^saml\.idp\.metadataUrl \(https:\/\/localhost:\d+\/metadata\) answered HTTP 503; no last good copy to use/,
    );
  });
});
