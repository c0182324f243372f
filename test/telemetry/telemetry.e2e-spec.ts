import { SpanStatusCode } from '@opentelemetry/api';
import request from 'supertest';
import { NomosApiClient, PORTAL_METRICS, registerPacingQueueDepth, TELEMETRY_SCOPE } from '../../src/index.js';
import { resolveNomosApiOptions } from '../../src/nomos-api/nomos-api.options.js';
import { CUSTOMERS } from '../support/portal-app.js';
import { describeEachDb } from '../support/databases.js';
import { PEOPLE, SESSION_SECRET, SP_BASE_URL, signIn, testIdp } from '../support/saml-app.js';
import { useSamlEnv } from '../support/saml-suite.js';
import { sessionMaterial } from '../support/session-material.js';
import { OtelHarness, sumOf } from './otel-harness.js';

// The SDK a host would install, global for this file; the package only ever talks to @opentelemetry/api.
const otel = new OtelHarness().install();
afterAll(() => otel.uninstall());

const MINT = 'POST /admin/magic_link';

/** Polls `done` every 20 ms; false when it never held within `timeoutMs`. */
async function waitFor(done: () => Promise<boolean>, timeoutMs = 5000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await done()) return true;
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describeEachDb('OpenTelemetry spans and metrics of a real sign-in and mint', (kind) => {
  const idp = testIdp();
  const env = useSamlEnv(kind);
  const t = env.app({ idp });
  beforeAll(() => otel.spans.reset());

  it('traces the ACS, the token request and the mint, and counts them', async () => {
    const mintsBefore = sumOf(await otel.points(PORTAL_METRICS.mints), { outcome: 'issued' });
    const signInsBefore = sumOf(await otel.points(PORTAL_METRICS.samlSignIns), { outcome: 'accepted' });
    const agent = request.agent(t.http);
    expect((await signIn(agent, idp, PEOPLE.alice)).status).toBe(303);
    const requestId = `telemetry-${kind}-0001`;
    const portal = await agent.get('/portal').set('accept', 'text/html').set('x-request-id', requestId).expect(302);
    expect(portal.headers.location).toMatch(/^https:\/\/[a-z-]+\.customerportal\.localhost:/);

    const [acs] = otel.finished('saml.acs');
    expect(acs.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(acs.attributes['nomos_portal.outcome']).toBe('ok');
    expect(acs.attributes['nomos_portal.request_id']).toMatch(/^[A-Za-z0-9._:-]{8,128}$/);
    const [mint] = otel.finished('nomos.magic_link.mint');
    expect(mint.attributes).toMatchObject({
      'nomos.operation': MINT,
      'nomos_portal.request_id': requestId,
      'nomos_portal.outcome': 'ok',
      'nomos.attempts': 1,
    });
    expect(mint.attributes['nomos.request_id']).toEqual(expect.any(String));
    const token = otel.finished('nomos.oauth.token');
    expect(token.map((span) => span.attributes['nomos.grant_type'])).toContain('client_credentials');

    expect(sumOf(await otel.points(PORTAL_METRICS.mints), { outcome: 'issued', code: 'NONE' }) - mintsBefore).toBe(1);
    const signIns = await otel.points(PORTAL_METRICS.samlSignIns);
    expect(sumOf(signIns, { outcome: 'accepted', reason: 'none' }) - signInsBefore).toBe(1);
    const durations = await otel.points(PORTAL_METRICS.nomosDuration);
    const mintDuration = durations.find((p) => p.attributes.operation === MINT && p.attributes.outcome === 'ok');
    expect((mintDuration?.value as { count: number }).count).toBeGreaterThanOrEqual(1);
    const refreshes = await otel.points(PORTAL_METRICS.tokenRefreshes);
    expect(sumOf(refreshes, { grant: 'client_credentials', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(await otel.scopes()).toEqual([`${TELEMETRY_SCOPE.name}@${TELEMETRY_SCOPE.version}`]);
  });

  it('counts a refused SAML response by a reason category and marks its span as an error', async () => {
    const before = sumOf(await otel.points(PORTAL_METRICS.samlSignIns), { outcome: 'rejected', reason: 'malformed' });
    otel.spans.reset();
    const body = { SAMLResponse: Buffer.from('<samlp:Response><!DOCTYPE x></samlp:Response>').toString('base64') };
    await request(t.http).post('/auth/saml/acs').type('form').send(body).expect(401);
    const [acs] = otel.finished('saml.acs');
    expect(acs.status).toEqual({ code: SpanStatusCode.ERROR, message: 'SAML_SIGN_IN_REJECTED' });
    expect(acs.attributes['saml.reason']).toBe('malformed');
    const after = sumOf(await otel.points(PORTAL_METRICS.samlSignIns), { outcome: 'rejected', reason: 'malformed' });
    expect(after - before).toBe(1);
  });

  it('counts retries and failed mints, with the code of the failure', async () => {
    const agent = request.agent(t.http);
    await signIn(agent, idp, PEOPLE.alice);
    const retriesBefore = sumOf(await otel.points(PORTAL_METRICS.nomosRetries), { operation: MINT });
    otel.spans.reset();
    env.emulator.injectFault('mint', { status: 500 });
    await agent.post('/portal/link').set('x-nomos-portal', '1').expect(200);
    expect(sumOf(await otel.points(PORTAL_METRICS.nomosRetries), { operation: MINT }) - retriesBefore).toBe(1);
    expect(otel.finished('nomos.magic_link.mint')[0].attributes['nomos.attempts']).toBe(2);

    const failedBefore = sumOf(await otel.points(PORTAL_METRICS.mints), { outcome: 'failed' });
    otel.spans.reset();
    env.emulator.injectFault('mint', { status: 403 });
    const refused = await agent.post('/portal/link').set('x-nomos-portal', '1');
    expect(refused.status).toBeGreaterThanOrEqual(500);
    const [mint] = otel.finished('nomos.magic_link.mint');
    expect(mint.status.code).toBe(SpanStatusCode.ERROR);
    expect(mint.attributes['nomos_portal.outcome.code']).toBe('FORBIDDEN');
    expect(sumOf(await otel.points(PORTAL_METRICS.mints), { outcome: 'failed' }) - failedBefore).toBe(1);
  });

  it('traces the sign-out as saml.logout', async () => {
    const agent = request.agent(t.http);
    await signIn(agent, idp, PEOPLE.alice);
    otel.spans.reset();
    await agent.post('/auth/saml/logout').set('origin', SP_BASE_URL).expect(302);
    const [logout] = otel.finished('saml.logout');
    expect(logout.attributes).toMatchObject({ 'saml.binding': 'post', 'nomos_portal.outcome': 'ok' });
    await agent.get('/auth/saml/logout').expect(405);
    expect(otel.finished('saml.logout')[1].status.code).toBe(SpanStatusCode.ERROR);
  });

  it('reports the pacing queue depth a limiter registers, and the IdP certificate days left', async () => {
    // Two limiters (two module instances in one process) are summed; a stopped one no longer counts.
    const stopFirst = registerPacingQueueDepth(() => 7);
    const stopSecond = registerPacingQueueDepth(() => 5);
    expect((await otel.points(PORTAL_METRICS.pacingQueueDepth)).map((p) => p.value)).toEqual([12]);
    stopFirst();
    expect((await otel.points(PORTAL_METRICS.pacingQueueDepth)).map((p) => p.value)).toEqual([5]);
    stopSecond();
    const days = await otel.points(PORTAL_METRICS.certDaysLeft);
    const idpCert = days.find((p) => p.attributes.use === 'idp-signing');
    expect(idpCert?.value).toBeGreaterThan(30);
    expect(idpCert?.attributes.fingerprint).toMatch(/^[0-9A-F:]+$/);
  });

  it("reports the calls waiting in a Nomos client's rate limiter, and stops once the client closes", async () => {
    const depth = async () => (await otel.points(PORTAL_METRICS.pacingQueueDepth)).map((p) => p.value);
    const options = { baseUrl: env.emulator.apiUrl, clientId: 'portal-test', clientSecret: env.clientSecret };
    const client = new NomosApiClient(
      resolveNomosApiOptions({ ...options, rateLimit: { perSecond: 1, burst: 1, maxWaitMs: 10_000 } }),
    );
    const seen: number[] = [];
    try {
      // The token request takes the one slot, so the three calls queue behind it, one per second.
      const calls = Array.from({ length: 3 }, () => client.getCustomer(CUSTOMERS[0].id));
      const queued = await waitFor(async () => {
        seen.push(...((await depth()) as number[]));
        return Math.max(...seen) >= 3;
      });
      expect(queued).toBe(true);
      expect(Math.max(...seen)).toBe(3);
      await Promise.all(calls);
      expect(await depth()).toEqual([0]);
      // Two more calls wait when the client closes: the gauge no longer counts them.
      const late = [client.getCustomer(CUSTOMERS[0].id), client.getCustomer(CUSTOMERS[0].id)];
      expect(await waitFor(async () => ((await depth()) as number[])[0] === 2)).toBe(true);
      await client.close();
      expect(await depth()).toEqual([0]);
      await Promise.allSettled(late);
    } finally {
      await client.close();
    }
  });

  it('exports no credential, link, token, SAMLResponse or session id in any span or metric', async () => {
    const text = await otel.exportedText();
    const secrets = [
      env.clientSecret,
      SESSION_SECRET,
      ...env.emulator.issuedTokens(),
      ...env.emulator.issuedLinks().flatMap((l) => [l.link, l.tokenHash, new URL(l.link).search.slice(1)]),
      ...sessionMaterial(),
    ].filter((value) => value.length >= 8);
    expect(secrets.length).toBeGreaterThan(5);
    expect(text.length).toBeGreaterThan(1000);
    expect(secrets.filter((value) => text.includes(value))).toEqual([]);
  });
});
