import { TerminusModule } from '@nestjs/terminus';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { devTls } from '../../src/testing/index.js';
import { describeEachDb } from '../support/databases.js';
import { testIdp } from '../support/saml-app.js';
import { useSamlEnv } from '../support/saml-suite.js';
import { MetadataServer } from '../saml-metadata/metadata-server.js';
import { shortLivedKeyPair } from '../saml-metadata/short-lived-cert.js';
import { HealthController, healthThresholds } from './health-controller.js';

const DAY = 86_400_000;
const host = { imports: [TerminusModule.forRoot({ logger: false })], controllers: [HealthController] };
type Details = Record<string, { status: string } & Record<string, unknown>>;
const details = (res: request.Response) => res.body.details as Details;
const statuses = (res: request.Response) =>
  Object.fromEntries(Object.entries(details(res)).map(([key, value]) => [key, value.status]));
const ALL_UP = {
  nomos_portal_database: 'up',
  nomos_api_token: 'up',
  saml_idp_metadata: 'up',
  saml_idp_certificates: 'up',
};

describeEachDb('NomosPortalHealthIndicator behind a terminus /health route', (kind) => {
  const idp = testIdp();
  const env = useSamlEnv(kind);
  const t = env.app({ idp, ...host });
  const metadata = new MetadataServer();
  afterEach(() => {
    for (const key of Object.keys(healthThresholds)) delete healthThresholds[key as keyof typeof healthThresholds];
  });
  afterAll(() => metadata.stop());

  it('reports the database, the Nomos token, the IdP metadata and its signing certificate up', async () => {
    const res = await request(t.http).get('/health').expect(200);
    expect(res.body.status).toBe('ok');
    expect(statuses(res)).toEqual(ALL_UP);
    expect(details(res).saml_idp_certificates.daysLeft).toBeGreaterThan(14);
    expect(details(res).saml_idp_metadata.source).toBe('document');
  });

  it('checks the token from the cache: polling never mints, costs at most one token request per period', async () => {
    const app = await env.start({ idp, ...host });
    const { counters } = env.emulator;
    const mints = counters.mintRequests;
    const tokens = counters.tokenRequests;
    env.emulator.injectFault('token', { status: 503 });
    const down = await request(app.http).get('/health').expect(503);
    expect(details(down).nomos_api_token).toMatchObject({ status: 'down', code: 'SERVICE_UNAVAILABLE' });
    for (let i = 0; i < 3; i++) await request(app.http).get('/health').expect(503);
    expect(counters.tokenRequests - tokens).toBe(1);
    // A new period: the fault is used up, one token request gets a token, later polls use it.
    healthThresholds.tokenCheckCacheMs = 0;
    for (let i = 0; i < 3; i++) expect(statuses(await request(app.http).get('/health').expect(200))).toEqual(ALL_UP);
    expect(counters.tokenRequests - tokens).toBe(2);
    expect(counters.mintRequests).toBe(mints);
  });

  it('reports the database down while its DataSource is closed, without the driver error, and up again', async () => {
    const source = t.app.get<DataSource>(getDataSourceToken());
    await source.destroy();
    try {
      const res = await request(t.http).get('/health').expect(503);
      expect(statuses(res)).toEqual({ ...ALL_UP, nomos_portal_database: 'down' });
      expect(details(res).nomos_portal_database.message).toMatch(/^the database did not answer SELECT 1 within/);
      expect(res.body.error).toEqual({ nomos_portal_database: details(res).nomos_portal_database });
    } finally {
      await source.initialize();
    }
    expect(statuses(await request(t.http).get('/health').expect(200))).toEqual(ALL_UP);
  });

  it('reports the IdP signing certificate down below the threshold of days left', async () => {
    const expiring = testIdp({
      signingKey: shortLivedKeyPair('Expiring IdP', new Date(Date.now() + 10 * DAY + 3_600_000)),
    });
    const app = await env.start({ idp: expiring, ...host });
    const res = await request(app.http).get('/health').expect(503);
    expect(details(res).saml_idp_certificates).toMatchObject({ status: 'down', daysLeft: 10 });
    expect(details(res).saml_idp_certificates.message).toBe('IdP signing certificate expires in 10 day(s)');
    healthThresholds.certMinDaysLeft = 7;
    expect(details(await request(app.http).get('/health').expect(200)).saml_idp_certificates.status).toBe('up');
  });

  it('reports metadata from a URL down once the IdP has not confirmed it for longer than allowed', async () => {
    await metadata.start();
    metadata.serve(idp.metadataXml());
    const app = await env.start({
      idp,
      ...host,
      saml: { idp: { metadataUrl: metadata.url, allowPrivateMetadataHosts: true, metadataCa: devTls().cert } },
    });
    const fresh = await request(app.http).get('/health').expect(200);
    expect(details(fresh).saml_idp_metadata).toMatchObject({ status: 'up', source: 'url' });
    await new Promise((resolve) => setTimeout(resolve, 30));
    healthThresholds.metadataMaxAgeMs = 10;
    const stale = await request(app.http).get('/health').expect(503);
    expect(details(stale).saml_idp_metadata.status).toBe('down');
    expect(details(stale).saml_idp_metadata.message).toMatch(/^the IdP has not confirmed its metadata for \d+ ms$/);
  });

  it('reports the Nomos token down when Nomos cannot be reached (emulator stopped)', async () => {
    const app = await env.start({ idp, ...host });
    await env.emulator.stop();
    const res = await request(app.http).get('/health').expect(503);
    expect(statuses(res)).toEqual({ ...ALL_UP, nomos_api_token: 'down' });
    expect(details(res).nomos_api_token.message).toBe('no Nomos access token');
  });
});
