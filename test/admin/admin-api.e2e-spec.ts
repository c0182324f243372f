// Issue 12 item 1: the admin HTTP API with real SAML sign-ins (an admin by IdP group, a non-admin),
// on SQLite and PostgreSQL: who may call it, CSRF refusals that change nothing, import and exports.
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { CustomerLinkEvent } from '../../src/index.js';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { describeEachDb } from '../support/databases.js';
import { PEOPLE, signIn, testIdp } from '../support/saml-app.js';
import { useSamlEnv } from '../support/saml-suite.js';
import { csv, customer, subject } from './import-fixtures.js';

const ADMIN = {
  nameId: 'dana@corp.example',
  email: 'dana@corp.example',
  displayName: 'Dana Admin',
  groups: ['staff', 'portal-admins'],
} as unknown as (typeof PEOPLE)['alice'];
const BASE = '/portal/admin';
const ISSUER = 'https://idp.test.example/metadata';
const path = (person: string) => `${BASE}/mappings/${encodeURIComponent(ISSUER)}/${encodeURIComponent(person)}`;

describeEachDb('admin API', (kind) => {
  const idp = testIdp();
  const env = useSamlEnv(kind);
  const t = env.app({ idp, admin: {} });
  let admin: ReturnType<typeof request.agent>;
  let staff: ReturnType<typeof request.agent>;
  const history = () => t.app.get<DataSource>(getDataSourceToken()).getRepository(CustomerLinkEvent).count();

  beforeAll(async () => {
    admin = request.agent(t.http);
    staff = request.agent(t.http);
    await signIn(admin, idp, ADMIN, '/');
    await signIn(staff, idp, PEOPLE.alice, '/');
  });

  it('answers 401 signed out (a browser is sent to sign in) and 403 without an admin group', async () => {
    const api = await request(t.http).get(`${BASE}/mappings`).set('accept', 'application/json').expect(401);
    expect(api.body.code).toBe('SIGN_IN_REQUIRED');
    const page = await request(t.http).get(`${BASE}/mappings`).set('accept', 'text/html').expect(302);
    expect(page.headers.location).toBe(`/auth/saml/login?returnTo=${encodeURIComponent(`${BASE}/mappings`)}`);
    const denied = await staff.get(`${BASE}/audit`).expect(403);
    expect(denied.body.code).toBe('ADMIN_ACCESS_DENIED');
    const write = await staff
      .post(`${BASE}/mappings`)
      .set('x-nomos-admin', '1')
      .send({ subject: subject(), customerId: customer() })
      .expect(403);
    expect(write.body.code).toBe('ADMIN_ACCESS_DENIED');
  });

  it('links, reads and unlinks a person, each change in the link history with the admin as actor', async () => {
    const who = subject();
    const [first, second] = [customer(), customer()];
    const linked = await admin
      .post(`${BASE}/mappings`)
      .set('x-nomos-admin', '1')
      .send({ subject: who, customerId: first });
    expect([linked.status, linked.body.customerId, linked.headers['cache-control']]).toEqual([201, first, 'no-store']);
    const conflict = await admin
      .post(`${BASE}/mappings`)
      .set('x-nomos-admin', '1')
      .send({ subject: who, customerId: second });
    expect([conflict.status, conflict.body.code]).toEqual([409, 'CUSTOMER_LINK_CONFLICT']);
    await admin
      .post(`${BASE}/mappings`)
      .set('x-nomos-admin', '1')
      .send({ subject: who, customerId: second, move: true })
      .expect(201);
    const read = await admin.get(path(who)).expect(200);
    expect(read.body.link).toMatchObject({ issuer: ISSUER, userId: who, customerId: second });
    expect(read.body.history.map((e: CustomerLinkEvent) => [e.action, e.actorType, e.actorId, e.channel])).toEqual([
      ['link', 'admin', ADMIN.nameId, 'admin-api'],
      ['relink', 'admin', ADMIN.nameId, 'admin-api'],
    ]);
    expect((await admin.delete(path(who)).set('x-nomos-admin', '1').expect(200)).body).toEqual({ removed: true });
    expect((await admin.get(path(who)).expect(200)).body.link).toBeNull();
    const bad = await admin
      .post(`${BASE}/mappings`)
      .set('x-nomos-admin', '1')
      .send({ subject: who, customerId: 'x y' });
    expect([bad.status, bad.body.code]).toEqual([400, 'INVALID_CUSTOMER_LINK']);
  });

  it('refuses state-changing requests a web page could forge, and they change nothing', async () => {
    const who = subject();
    const before = await history();
    const attempts = [
      admin.post(`${BASE}/mappings`).send({ subject: who, customerId: customer() }), // no X-Nomos-Admin
      admin
        .post(`${BASE}/mappings`)
        .type('form')
        .set('x-nomos-admin', '1')
        .send({ subject: who, customerId: customer() }), // a form's content type
      admin
        .post(`${BASE}/mappings`)
        .set('x-nomos-admin', '1')
        .set('sec-fetch-site', 'cross-site')
        .send({ subject: who, customerId: customer() }),
      admin
        .post(`${BASE}/mappings`)
        .set('x-nomos-admin', '1')
        .set('origin', 'https://evil.example')
        .send({ subject: who, customerId: customer() }),
      admin
        .post(`${BASE}/import`)
        .set('x-nomos-admin', '1')
        .type('text/plain')
        .send(`subject,customer_id\n${who},cus_1`),
      admin.delete(path(PEOPLE.alice.nameId)), // no X-Nomos-Admin
      admin.get(`${BASE}/export/audit.csv`).set('sec-fetch-site', 'cross-site'),
    ];
    for (const attempt of attempts) {
      const res = await attempt;
      expect([res.status, res.body.code]).toEqual([403, 'ADMIN_REQUEST_REFUSED']);
    }
    expect(await history()).toBe(before);
    expect((await admin.get(path(who)).expect(200)).body.link).toBeNull();
    expect((await admin.get(path(PEOPLE.alice.nameId)).expect(200)).body.link).not.toBeNull();
  });

  it('imports CSV: a dry run and a refused all-or-nothing change nothing, a re-import changes nothing', async () => {
    const [a, b] = [subject(), subject()];
    const good = csv('subject,customer_id', `${a},${customer()}`, `${b},${customer()}`);
    const post = (body: string, query = '') =>
      admin.post(`${BASE}/import${query}`).set('x-nomos-admin', '1').type('text/csv').send(body);
    const before = await history();
    const dry = await post(good, '?dryRun=1');
    expect([dry.status, dry.body]).toMatchObject([200, { dryRun: true, applied: false, linked: 2 }]);
    const refused = await post(csv('subject,customer_id', `${a},${customer()}`, `${b},not valid`));
    expect([refused.status, refused.body]).toMatchObject([
      422,
      { applied: false, errors: [{ line: 3, reason: expect.stringContaining('customerId') }] },
    ]);
    expect(await history()).toBe(before);
    expect((await post(good)).body).toMatchObject({ applied: true, linked: 2 });
    expect(await history()).toBe(before + 2);
    expect((await post(good, '?mode=report-and-skip')).body).toMatchObject({ applied: true, unchanged: 2, linked: 0 });
    expect(await history()).toBe(before + 2);
    const mode = await post(good, '?mode=sometimes');
    expect([mode.status, mode.body.code]).toEqual([400, 'INVALID_ADMIN_REQUEST']);
  });

  it('exports the mappings as CSV and the audit as CSV and JSON Lines, which parse back', async () => {
    await admin.get(`${BASE}/audit?limit=1`).expect(200);
    const mappings = await admin.get(`${BASE}/export/mappings.csv`).buffer(true).parse(text).expect(200);
    expect(mappings.headers['content-type']).toMatch(/^text\/csv/);
    const rows = parse<Record<string, string>>(mappings.body as string, { columns: true });
    expect(rows.find((r) => r.user_id === PEOPLE.alice.nameId)).toMatchObject({ issuer: ISSUER, status: 'active' });

    // Alice's visit to the portal is the audit row to find.
    await staff.get('/portal').set('sec-fetch-dest', 'document').set('sec-fetch-mode', 'navigate').expect(302);
    const page = await admin.get(`${BASE}/audit?userId=${encodeURIComponent(PEOPLE.alice.nameId)}&limit=5`).expect(200);
    expect(page.body.items[0]).toMatchObject({ userId: PEOPLE.alice.nameId, outcome: 'issued' });
    const auditCsv = await admin.get(`${BASE}/export/audit.csv?outcome=issued`).buffer(true).parse(text).expect(200);
    const csvRows = parse<Record<string, string>>(auditCsv.body as string, { columns: true });
    expect(csvRows.map((r) => Number(r.id))).toContain(page.body.items[0].id);
    const jsonl = await admin.get(`${BASE}/export/audit.jsonl`).buffer(true).parse(text).expect(200);
    const lines = (jsonl.body as string)
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: number; linkHost: string });
    expect(lines.find((l) => l.id === page.body.items[0].id)?.linkHost).toBe(page.body.items[0].linkHost);
    const bad = await admin.get(`${BASE}/export/audit.csv?outcome=stolen`).expect(400);
    expect(bad.body.code).toBe('INVALID_AUDIT_QUERY');
  });

  it('verifies the audit chain, and names the first bad row once a row is edited in the database', async () => {
    await staff.get('/portal').set('sec-fetch-dest', 'document').set('sec-fetch-mode', 'navigate').expect(302);
    const sound = await admin.get(`${BASE}/audit/verify`).expect(200);
    expect(sound.body).toMatchObject({ ok: true });
    expect(sound.body.rowsChecked).toBeGreaterThan(0);
    const refused = await admin.post(`${BASE}/audit/verify`).send({});
    expect([refused.status, refused.body.code]).toEqual([403, 'ADMIN_REQUEST_REFUSED']);
    const bad = await admin
      .post(`${BASE}/audit/verify`)
      .set('x-nomos-admin', '1')
      .send({ checkpoint: { x: 1 } });
    expect([bad.status, bad.body.code]).toEqual([400, 'INVALID_ADMIN_REQUEST']);

    const newest = (await admin.get(`${BASE}/audit?outcome=issued&limit=1`).expect(200)).body.items[0];
    const dataSource = t.app.get<DataSource>(getDataSourceToken());
    await dataSource.query(
      `UPDATE nomos_magic_link_audit SET customer_id = 'cus_someone_else' WHERE id = ${newest.id}`,
    );
    const tampered = await admin.get(`${BASE}/audit/verify`).expect(200);
    expect(tampered.body).toMatchObject({ ok: false, firstBad: { auditId: newest.id } });
    await dataSource.query(
      `UPDATE nomos_magic_link_audit SET customer_id = '${newest.customerId}' WHERE id = ${newest.id}`,
    );
    expect((await admin.get(`${BASE}/audit/verify`).expect(200)).body.ok).toBe(true);
  });

  it('cuts off an import body larger than admin.maxImportBytes with 413', async () => {
    const small = await env.start({ idp, admin: { maxImportBytes: 200 } });
    const agent = request.agent(small.http);
    await signIn(agent, idp, ADMIN, '/');
    const rows = Array.from({ length: 20 }, () => `${subject()},${customer()}`);
    const res = await agent
      .post(`${BASE}/import`)
      .set('x-nomos-admin', '1')
      .type('text/csv')
      .send(csv('subject,customer_id', ...rows));
    expect([res.status, res.body.code]).toEqual([413, 'ADMIN_IMPORT_TOO_LARGE']);
  });
});

/** supertest's text parser for any content type (it buffers only text/* as text). */
const text = ((res: NodeJS.ReadableStream, done: (error: Error | null, body: string) => void) => {
  let body = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => (body += chunk));
  res.on('end', () => done(null, body));
}) as unknown as Parameters<request.Test['parse']>[0];
