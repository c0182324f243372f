import request from 'supertest';
import type { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { NomosPortalConfigError, samlOptionsFromEnv } from '../../src/index.js';
import { resolveSamlOptions } from '../../src/saml/saml-options.resolve.js';
import type { SamlOptions } from '../../src/index.js';
import { describeEachDb } from '../support/databases.js';
import { PEOPLE, SESSION_SECRET, SP_BASE_URL, SP_ENTITY_ID, signIn, testIdp } from '../support/saml-app.js';
import { useSamlEnv } from '../support/saml-suite.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('saml.session.touchIntervalMs', () => {
  const idp = testIdp();
  const options = (session: Partial<Extract<SamlOptions['session'], object>>): SamlOptions => ({
    idp: { metadataXml: idp.metadataXml() },
    sp: { entityId: SP_ENTITY_ID, baseUrl: SP_BASE_URL },
    session: { secret: SESSION_SECRET, ...session },
  });
  const touchInterval = (session: Partial<Extract<SamlOptions['session'], object>>) => {
    const resolved = resolveSamlOptions(options(session), 'auth/saml').session;
    return resolved === false ? undefined : resolved.touchIntervalMs;
  };

  it('defaults to 60 s, or a tenth of a shorter idle timeout', () => {
    expect(touchInterval({})).toBe(60_000);
    expect(touchInterval({ idleTimeoutMs: 300_000 })).toBe(30_000);
    expect(touchInterval({ touchIntervalMs: 0 })).toBe(0);
  });

  it('refuses an interval not shorter than the idle timeout, naming both settings', () => {
    expect(() => touchInterval({ idleTimeoutMs: 60_000, touchIntervalMs: 60_000 })).toThrow(NomosPortalConfigError);
    expect(() => touchInterval({ idleTimeoutMs: 60_000, touchIntervalMs: 60_000 })).toThrow(
      /saml\.session\.touchIntervalMs.*saml\.session\.idleTimeoutMs/,
    );
    expect(() => touchInterval({ touchIntervalMs: -1 })).toThrow(/saml\.session\.touchIntervalMs/);
  });

  it('is read from SAML_SESSION_TOUCH_INTERVAL_MS', () => {
    const session = samlOptionsFromEnv({ SAML_SESSION_TOUCH_INTERVAL_MS: '15000' }).session;
    expect(session && session.touchIntervalMs).toBe(15_000);
    expect(() => samlOptionsFromEnv({ SAML_SESSION_TOUCH_INTERVAL_MS: 'soon' })).toThrow(
      /SAML_SESSION_TOUCH_INTERVAL_MS/,
    );
  });
});

describeEachDb('An active session is written at most once per touch interval', (kind) => {
  const idp = testIdp();
  const env = useSamlEnv(kind);
  const app = env.app({
    idp,
    saml: { session: { secret: SESSION_SECRET, secureCookie: false, idleTimeoutMs: 60_000, touchIntervalMs: 3000 } },
  });
  let db: DataSource;
  const expiry = async () => Number((await db.query('SELECT expires_at FROM nomos_sessions'))[0].expires_at);

  beforeAll(async () => {
    db = app.app.get<DataSource>(getDataSourceToken());
  });

  it('requests within the interval leave the stored expiry alone; the first one after it moves it', async () => {
    const agent = request.agent(app.http);
    expect((await signIn(agent, idp, PEOPLE.alice)).status).toBe(303);
    const signedIn = await expiry();
    // Well inside the 3 s interval even on a busy machine: three small requests.
    for (let i = 0; i < 3; i++) await agent.get('/auth/saml/metadata').expect(200);
    expect(await expiry()).toBe(signedIn);
    await sleep(3100);
    await agent.get('/auth/saml/metadata').expect(200);
    expect(await expiry()).toBeGreaterThanOrEqual(signedIn + 3000);
  });
});
