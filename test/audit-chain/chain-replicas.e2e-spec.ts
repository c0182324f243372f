import { DataSource } from 'typeorm';
import { applySqliteBusyTimeout } from '../../src/common/sqlite-busy.js';
import { AuditChainEntry, MagicLinkAudit } from '../../src/index.js';
import { describeEachDb } from '../support/databases.js';
import type { ChainReplica } from './chain-fixture.js';
import { mint, openChain, replicaOn } from './chain-fixture.js';

const PER_REPLICA = 40;

describeEachDb('audit hash chain: two replicas completing at once', (kind) => {
  let t: Awaited<ReturnType<typeof openChain>>;
  let second: ChainReplica;

  beforeAll(async () => {
    t = await openChain(kind);
    // A second DataSource on the same database: another replica's own connections.
    const other = new DataSource({ ...t.db.options, entities: [MagicLinkAudit, AuditChainEntry] });
    await other.initialize();
    // As the module does on SQLite: a lock fails at once and is retried off the event loop.
    applySqliteBusyTimeout(t.dataSource);
    applySqliteBusyTimeout(other);
    second = replicaOn(other);
  });
  afterAll(async () => {
    if (second?.dataSource.isInitialized) await second.dataSource.destroy();
    await t?.close();
  });

  it('keeps one gap-free, verifiable chain', async () => {
    const work = (replica: ChainReplica, offset: number) =>
      Array.from({ length: PER_REPLICA }, async (_, i) => {
        const id = await mint(replica.audit, offset + i);
        // Every fourth link is withheld afterwards: an amendment appended by the same replica.
        if (i % 4 === 0) await replica.audit.abandon(id);
      });
    await Promise.all([...work(t, 0), ...work(second, 1000)]);

    const entries = await t.dataSource.getRepository(AuditChainEntry).find({ order: { seq: 'ASC' } });
    const appended = entries.filter((e) => e.kind !== 'anchor');
    const expected = 2 * PER_REPLICA + 2 * (PER_REPLICA / 4);
    expect(appended.map((e) => e.seq)).toEqual(Array.from({ length: expected }, (_, i) => i + 1));
    // Both replicas' rows are interleaved in the one chain.
    const users = await t.dataSource.getRepository(MagicLinkAudit).find({ select: { id: true, userId: true } });
    expect(users.filter((u) => u.userId!.startsWith('user-1')).length).toBeGreaterThanOrEqual(PER_REPLICA);

    const checkpoint = await second.chain.checkpoint();
    const report = await t.chain.verify({ checkpoint, batchSize: 7 });
    expect(report).toMatchObject({ ok: true, rowsChecked: expected, head: { seq: expected } });
    expect(report.checkpoint?.status).toBe('matched');
  }, 120_000);
});
