import request from 'supertest';
import type { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { describeEachDb } from '../support/databases.js';
import { PEOPLE, signIn, testIdp } from '../support/saml-app.js';
import { useSamlEnv } from '../support/saml-suite.js';

describeEachDb('Session store failures keep session material out of the logs', (kind) => {
  const idp = testIdp();
  const env = useSamlEnv(kind);
  const app = env.app({ idp });
  let db: DataSource;
  // Away and back: the table is renamed for the failure, then restored for the next test.
  const tableAway = () => db.query('ALTER TABLE nomos_sessions RENAME TO nomos_sessions_away');
  const tableBack = () => db.query('ALTER TABLE nomos_sessions_away RENAME TO nomos_sessions');

  beforeAll(async () => {
    db = app.app.get<DataSource>(getDataSourceToken());
  });

  it(
    'a signed-in request whose session cannot be read gets ' + 'a clean error; the logs hold neither id nor data',
    async () => {
      const agent = request.agent(app.http);
      expect((await signIn(agent, idp, PEOPLE.alice)).status).toBe(303);
      const rows: Array<{ sid: string; data: string }> = await db.query('SELECT sid, data FROM nomos_sessions');
      expect(rows).toHaveLength(1);
      const [{ sid, data }] = rows;
      const before = env.logs.text.length;
      await tableAway();
      try {
        const answer = await agent.get('/portal').redirects(0);
        expect(answer.status).toBe(503);
        expect(answer.text).not.toContain(sid);
        expect(answer.text).not.toMatch(/nomos_sessions|SELECT|sqlite|relation/i);
      } finally {
        await tableBack();
      }
      const written = env.logs.text.slice(before);
      expect(written).toMatch(/SessionStoreError|Session store get failed/);
      expect(written).not.toContain(sid);
      expect(written).not.toContain(data);
      expect(written).not.toContain('"passport"');
    },
  );

  it('a sign-in whose session cannot be saved gets a clean error; the logs hold no session JSON', async () => {
    const before = env.logs.text.length;
    await tableAway();
    let answer: request.Response;
    try {
      answer = await signIn(request.agent(app.http), idp, PEOPLE.alice);
    } finally {
      await tableBack();
    }
    // The SAML filter answers a store failure at the completion step as 503 SAML_STORE_UNAVAILABLE.
    expect(answer.status).toBe(503);
    expect(answer.text).not.toMatch(/nomos_sessions|INSERT|sqlite|relation|passport/i);
    const written = env.logs.text.slice(before);
    expect(written).toMatch(/SessionStoreError|Session store \w+ failed/);
    // The session JSON names the signed-in person's IdP session and the sign-in time.
    expect(written).not.toMatch(/"passport"|nomosSignedInAt|"cookie":\{/);
    expect(written).not.toMatch(/parameters|driverError/);
  });
});
