import { DataSource, type Logger } from 'typeorm';
import { nomosPortalMigrations } from '../../migrations/index.js';
import { AuditChainEntry } from './audit-chain.entity.js';
import { AuditChainWriter } from './audit-chain.writer.js';
import { AuditService } from './audit.service.js';
import { MagicLinkAudit } from './magic-link-audit.entity.js';

/** Every SQL text the DataSource runs, in order. */
class QueryTexts implements Logger {
  readonly texts: string[] = [];
  logQuery(query: string): void {
    this.texts.push(query);
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

describe('the click path audit writes: one SQL text per statement, whatever the values (SQLite)', () => {
  let dataSource: DataSource;
  let audit: AuditService;
  const seen = new QueryTexts();

  beforeAll(async () => {
    dataSource = new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      entities: [MagicLinkAudit, AuditChainEntry],
      migrations: nomosPortalMigrations,
      logging: ['query'],
      logger: seen,
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
    const rows = dataSource.getRepository(MagicLinkAudit);
    audit = new AuditService(rows, new AuditChainWriter(rows, dataSource.getRepository(AuditChainEntry)));
  });
  afterAll(() => dataSource.destroy());

  async function click(n: number): Promise<string[]> {
    seen.texts.length = 0;
    const row = await audit.begin(
      { userId: `person-${n}`, customerId: `cus_${n}`, channel: 'redirect', requestId: `r-${n}` },
      { attemptCounted: true },
    );
    await audit.countAttempt(row.id);
    await audit.complete(row.id, { outcome: 'issued', mintAttempts: 2, durationMs: 10 + n, linkHost: 'x.example' });
    return [...seen.texts];
  }

  it('runs the same texts for every click, so SQLite prepares each statement once', async () => {
    const first = await click(1);
    // Another row id, other timestamps and durations: TypeORM's SQLite driver inlines such numbers.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await click(2);
    expect(first.length).toBeGreaterThanOrEqual(5);
    expect(second).toEqual(first);
    for (const text of first) expect(text).not.toMatch(/\b17\d{11}\b/);
  });

  it('keeps the durable count and the chain as the repository did', async () => {
    const rows = await dataSource.getRepository(MagicLinkAudit).find({ order: { id: 'ASC' } });
    expect(rows.map((r) => [r.outcome, r.mintAttempts, r.durationMs])).toEqual([
      ['issued', 2, 11],
      ['issued', 2, 12],
    ]);
    const chain = await dataSource.getRepository(AuditChainEntry).find({ order: { seq: 'ASC' } });
    expect(chain.map((e) => [e.seq, e.kind, e.auditId, e.outcome])).toEqual([
      [0, 'anchor', 0, null],
      [1, 'complete', rows[0].id, 'issued'],
      [2, 'complete', rows[1].id, 'issued'],
    ]);
    for (let i = 1; i < chain.length; i++) expect(chain[i].prevHash).toBe(chain[i - 1].rowHash);
  });
});
