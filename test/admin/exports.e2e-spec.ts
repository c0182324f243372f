// Issue 12 item 1: the mapping and audit exports stream, parse back and match the rows.
import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { nomosPortalMigrations } from '../../migrations/index.js';
import { adminCore, exportAudit, exportMappingsCsv, importMappings } from '../../src/admin/index.js';
import type { AdminCore } from '../../src/admin/index.js';
import type { MagicLinkAudit } from '../../src/index.js';
import { nomosPortalEntities } from '../../src/index.js';
import type { TestDataSource } from '../support/databases.js';
import { describeEachDb, openTestDataSource } from '../support/databases.js';
import { customer, subject } from './import-fixtures.js';

const ISSUER = 'https://idp.corp.example/entity';

/** Collects what an export writes. */
function sink(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describeEachDb('admin: exports', (kind) => {
  let t: TestDataSource;
  let core: AdminCore;
  beforeAll(async () => {
    t = await openTestDataSource(kind, { entities: nomosPortalEntities, migrations: nomosPortalMigrations });
    core = adminCore(t.dataSource, ISSUER);
  });
  afterAll(() => t?.close());

  it('exports every mapping as CSV over several pages, which imports back changing nothing', async () => {
    const people = Array.from({ length: 1005 }, () => ({ subject: subject(), customerId: customer() }));
    const file = ['subject,customer_id', ...people.map((p) => `${p.subject},${p.customerId}`)].join('\n');
    expect(await importMappings([file], core)).toMatchObject({ linked: 1005, applied: true });
    await core.links.link({ issuer: 'https://other.example', subject: 'x1' }, 'cus_other', {
      userName: '=HYPERLINK("x")',
    });

    const out = sink();
    await exportMappingsCsv(t.dataSource, out.stream);
    const rows = parse<Record<string, string>>(out.text(), { columns: true });
    expect(rows).toHaveLength(1006);
    expect(new Set(rows.map((r) => r.user_id)).size).toBe(1006);
    expect(rows.find((r) => r.user_id === people[700].subject)).toMatchObject({
      issuer: ISSUER,
      customer_id: people[700].customerId,
      status: 'active',
      source: 'import',
    });
    // A sign-in name a spreadsheet would run as a formula is defused.
    expect(rows.find((r) => r.user_id === 'x1')?.user_name).toBe(`'=hyperlink("x")`);

    const again = await importMappings([out.text()], core);
    expect(again).toMatchObject({ read: 1006, unchanged: 1006, linked: 0, relinked: 0, applied: true });
  });

  it('exports the audit as CSV and as JSON Lines, newest first, with the filters of AuditService.query', async () => {
    const who = subject();
    const written: MagicLinkAudit[] = [];
    for (let i = 0; i < 520; i++) {
      written.push(
        await core.audit.record({
          channel: 'redirect',
          issuer: ISSUER,
          userId: i % 2 ? who : subject(),
          customerId: customer(),
          userAgent: i === 3 ? '=cmd|" /C calc"!A0' : 'Mozilla/5.0',
          outcome: i % 3 ? 'issued' : 'denied',
          errorCode: i % 3 ? null : 'CUSTOMER_NOT_LINKED',
          mintAttempts: i % 3 ? 1 : 0,
          durationMs: i,
        }),
      );
    }
    const csvOut = sink();
    await exportAudit(core.audit, 'csv', csvOut.stream, { userId: who, issuer: ISSUER });
    const csvRows = parse<Record<string, string>>(csvOut.text(), { columns: true });
    const mine = written.filter((row) => row.userId === who).reverse();
    expect(csvRows.map((r) => Number(r.id))).toEqual(mine.map((row) => row.id));
    expect(csvRows[0]).toMatchObject({
      userId: who,
      outcome: mine[0].outcome,
      mintAttempts: String(mine[0].mintAttempts),
      createdAt: mine[0].createdAt.toISOString(),
      linkFingerprint: '',
    });

    const jsonOut = sink();
    await exportAudit(core.audit, 'jsonl', jsonOut.stream);
    const lines = jsonOut
      .text()
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThanOrEqual(520);
    const third = lines.find((line) => line.id === written[3].id);
    expect(third).toMatchObject({
      userAgent: '=cmd|" /C calc"!A0',
      outcome: 'denied',
      errorCode: 'CUSTOMER_NOT_LINKED',
    });
    const csvAll = sink();
    await exportAudit(core.audit, 'csv', csvAll.stream);
    const asCsv = parse<Record<string, string>>(csvAll.text(), { columns: true }).find(
      (r) => Number(r.id) === written[3].id,
    );
    expect(asCsv?.userAgent).toBe(`'=cmd|" /C calc"!A0`);
  });

  it('refuses a malformed filter before writing a byte', async () => {
    const out = sink();
    await expect(exportAudit(core.audit, 'csv', out.stream, { outcome: 'stolen' as never })).rejects.toMatchObject({
      code: 'INVALID_AUDIT_QUERY',
    });
    expect(out.text()).toBe('');
  });
});
