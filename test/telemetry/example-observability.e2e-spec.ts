import { metrics } from '@opentelemetry/api';
import request from 'supertest';
import type { ExampleEnv } from '../../example/example-config.js';
import { startExample, type RunningExample } from '../../example/start-example.js';
import { freePort } from '../example/free-port.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { LogCapture, recordSecretsForRunner } from '../support/log-capture.js';

// The example host's /health (terminus) and /metrics (the Prometheus exporter on the example's own SDK).
describe('intranet example: /health and /metrics', () => {
  const logs = new LogCapture();
  let db: TestDatabase;
  let running: RunningExample;
  const http = () => request(running.app.getHttpServer());

  beforeAll(async () => {
    logs.start();
    db = await createTestDatabase('sqlite');
    const port = await freePort();
    const env: ExampleEnv = {
      PORT: String(port),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      NOMOS_EMULATOR_PORT: '0',
      NOMOS_EMULATOR_PORTAL_PORT: '0',
      DATABASE_URL: `sqlite:${(db.options as { database: string }).database}`,
    };
    running = await startExample(env);
  }, 60_000);

  afterAll(async () => {
    const secrets = [running?.config.sessionSecret.value].flat().filter((s): s is string => typeof s === 'string');
    const tokens = running?.emulator?.issuedTokens() ?? [];
    await running?.close();
    await db?.drop();
    logs.stop();
    metrics.disable();
    recordSecretsForRunner([...secrets, ...tokens]);
    expect(logs.leaks([...secrets, ...tokens])).toHaveLength(0);
  });

  it('answers /health with every portal check up', async () => {
    const res = await http().get('/health').expect(200);
    expect(res.headers['cache-control']).toMatch(/\bno-store\b/);
    expect(res.body.status).toBe('ok');
    expect(Object.keys(res.body.details).sort()).toEqual([
      'nomos_api_token',
      'nomos_portal_database',
      'saml_idp_certificates',
      'saml_idp_metadata',
    ]);
    expect(Object.values(res.body.details).map((d) => (d as { status: string }).status)).toEqual([
      'up',
      'up',
      'up',
      'up',
    ]);
  });

  it('serves the package metrics in Prometheus text at /metrics', async () => {
    await http().get('/health').expect(200);
    const res = await http().get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(
      /^nomos_portal_nomos_token_refreshes_total\{grant="client_credentials",outcome="ok"[^}]*\} 1$/m,
    );
    expect(res.text).toMatch(
      /^nomos_portal_saml_certificate_days_left\S*\{use="idp-signing",fingerprint="[0-9A-F:]+"[^}]*\} \d+$/m,
    );
    expect(res.text).toContain('otel_scope_name="nestjs-nomos-portal"');
  });
});
