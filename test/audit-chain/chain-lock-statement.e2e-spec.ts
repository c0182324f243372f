// PostgreSQL: a completion takes the fleet-wide chain lock in the statement that changes its row
// (one round trip fewer per click, issue 13), and still waits for the lock before it reads the head.
import pg from 'pg';
import type { Logger } from 'typeorm';
import { DataSource } from 'typeorm';
import { nomosPortalMigrations } from '../../migrations/index.js';
import { AUDIT_LOCK_KEYS } from '../../src/audit/audit-chain-lock.js';
import { AuditChainEntry, MagicLinkAudit } from '../../src/index.js';
import type { TestDatabase } from '../support/databases.js';
import { DB_KINDS, createTestDatabase } from '../support/databases.js';
import { replicaOn } from './chain-fixture.js';
import type { ChainReplica } from './chain-fixture.js';

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

const pgDescribe = DB_KINDS.includes('postgres') ? describe : describe.skip;
const skipped = DB_KINDS.includes('postgres') ? '' : ' (skipped: PostgreSQL unavailable)';

pgDescribe(`audit chain lock taken by the completion's own statement [postgres]${skipped}`, () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let replica: ChainReplica;
  const seen = new QueryTexts();

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    dataSource = new DataSource({
      ...db.options,
      entities: [MagicLinkAudit, AuditChainEntry],
      migrations: nomosPortalMigrations,
      logging: ['query'],
      logger: seen,
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
    replica = replicaOn(dataSource);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const begin = (n: number) =>
    replica.audit.begin({ userId: `person-${n}`, channel: 'redirect' }, { attemptCounted: true });
  const issued = { outcome: 'issued' as const, mintAttempts: 1, durationMs: 5, linkHost: 'x.example' };

  it('runs no separate lock statement: START, UPDATE…RETURNING with the lock, head, entry, COMMIT', async () => {
    const row = await begin(1);
    seen.texts.length = 0;
    await replica.audit.complete(row.id, issued);
    const texts = [...seen.texts];
    expect(texts).toHaveLength(5);
    expect(texts[0]).toMatch(/^START TRANSACTION/);
    expect(texts[1]).toMatch(
      /^WITH changed AS \(UPDATE .* RETURNING \*\) SELECT changed\.\*, pg_advisory_xact_lock\(\$\d+\)/,
    );
    expect(texts[2]).toMatch(/^SELECT \* FROM .*nomos_audit_chain.* ORDER BY .*seq.* DESC LIMIT 1$/);
    expect(texts[3]).toMatch(/^INSERT INTO .*nomos_audit_chain/);
    expect(texts[4]).toBe('COMMIT');
    expect((await replica.chain.verify()).ok).toBe(true);
  });

  it('waits for a lock another replica holds before reading the head; no append for a completed row', async () => {
    const row = await begin(2);
    const other = new pg.Client({ connectionString: pgUrlOf(db) });
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock($1)', [AUDIT_LOCK_KEYS.chain]);
      let done = false;
      const completing = replica.audit.complete(row.id, issued).then(() => {
        done = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(done).toBe(false);
      // Uncommitted: another connection still sees the row pending and no new entry.
      const { rows } = await other.query('SELECT outcome FROM nomos_magic_link_audit WHERE id = $1', [row.id]);
      expect(rows).toEqual([{ outcome: 'pending' }]);
      await other.query('SELECT pg_advisory_unlock($1)', [AUDIT_LOCK_KEYS.chain]);
      await completing;
      expect(done).toBe(true);
    } finally {
      await other.end();
    }
    const chain = await dataSource.getRepository(AuditChainEntry).find({ order: { seq: 'ASC' } });
    expect(chain.map((e) => [e.kind, e.auditId])).toEqual([
      ['anchor', 0],
      ['complete', expect.any(Number)],
      ['complete', row.id],
    ]);
    // A second completion matches no pending row: refused after its one statement, no head read, no entry.
    seen.texts.length = 0;
    await expect(replica.audit.complete(row.id, issued)).rejects.toThrow(/no pending audit row/);
    expect(seen.texts.filter((t) => /nomos_audit_chain/.test(t))).toEqual([]);
    expect(await dataSource.getRepository(AuditChainEntry).count()).toBe(3);
    expect((await replica.chain.verify()).ok).toBe(true);
  });
});

function pgUrlOf(db: TestDatabase): string {
  // createTestDatabase gives PostgreSQL databases by URL.
  return (db.options as { url: string }).url;
}
