// Found by `npm run test:mutation`: which scheduler jobs run on which settings, one at a time, and stop on destroy.
import { AuditChainScheduler } from '../../../src/audit/audit-chain.scheduler.js';
import type { AuditOptions } from '../../../src/audit/audit.options.js';
import type { ChainDb } from './chain-db.js';
import { captureLogs, forgeEntry, insertRow, mint, openChainDb, sleep, until } from './chain-db.js';

// Long enough for a 20 ms timer to have fired several times on a loaded machine.
const QUIET_MS = 200;

describe('AuditChainScheduler (SQLite, real timers)', () => {
  let db: ChainDb;
  let scheduler: AuditChainScheduler | undefined;
  let logs: ReturnType<typeof captureLogs>;

  const start = async (options: AuditOptions) => {
    db = await openChainDb({ checkpointEveryMs: 0, reconcileEveryMs: 0, ...options });
    scheduler = new AuditChainScheduler(db.chain, db.writer, db.options);
    await scheduler.onApplicationBootstrap();
  };
  const outcomeOf = async (id: number) => (await db.rows.findOneByOrFail({ id })).outcome;
  const written = () => db.sink.written.length;

  beforeEach(() => {
    logs = captureLogs();
  });
  afterEach(async () => {
    await scheduler?.onModuleDestroy();
    scheduler = undefined;
    logs.restore();
    await db.close();
  });

  it('reconciles at start-up, before bootstrap resolves, and not again with reconcileEveryMs 0', async () => {
    db = await openChainDb({ pendingTimeoutMs: 1, checkpointEveryMs: 0, reconcileEveryMs: 0 });
    const stale = await db.audit.begin({ channel: 'json' });
    await sleep(5);
    scheduler = new AuditChainScheduler(db.chain, db.writer, db.options);
    await scheduler.onApplicationBootstrap();
    expect(await outcomeOf(stale.id)).toBe('abandoned');
    const later = await db.audit.begin({ channel: 'json' });
    await sleep(QUIET_MS);
    expect(await outcomeOf(later.id)).toBe('pending');
    expect(written()).toBe(0);
  });

  it('reconciles every reconcileEveryMs', async () => {
    await start({ pendingTimeoutMs: 1, reconcileEveryMs: 20 });
    const stale = await db.audit.begin({ channel: 'json' });
    await until(async () => (await outcomeOf(stale.id)) === 'abandoned');
  });

  it('checkpoints on the timer only when the head moved, and stops when destroyed', async () => {
    await start({ checkpointEveryMs: 20 });
    await until(() => written() === 1);
    await sleep(QUIET_MS);
    expect(db.sink.written.map((c) => c.headSeq)).toEqual([0]);
    await mint(db.audit, 1);
    await until(() => written() === 2);
    await sleep(QUIET_MS);
    expect(db.sink.written.map((c) => c.headSeq)).toEqual([0, 1]);
    await scheduler!.onModuleDestroy();
    await mint(db.audit, 2);
    await sleep(QUIET_MS);
    expect(written()).toBe(2);
  });

  it('checkpoints after every checkpointEveryRows appends, and not after destroy', async () => {
    await start({ checkpointEveryRows: 2 });
    await mint(db.audit, 1);
    await sleep(QUIET_MS);
    expect(written()).toBe(0);
    await mint(db.audit, 2);
    await until(() => written() === 1);
    await mint(db.audit, 3);
    await sleep(QUIET_MS);
    expect(written()).toBe(1);
    await mint(db.audit, 4);
    await until(() => written() === 2);
    expect(db.sink.written.map((c) => c.headSeq)).toEqual([2, 4]);
    await scheduler!.onModuleDestroy();
    await mint(db.audit, 5);
    await mint(db.audit, 6);
    await sleep(QUIET_MS);
    expect(written()).toBe(2);
  });

  it('makes no checkpoints with both triggers off', async () => {
    await start({ checkpointEveryRows: 0 });
    for (let n = 1; n <= 3; n++) await mint(db.audit, n);
    await sleep(QUIET_MS);
    expect(written()).toBe(0);
  });

  it('runs one checkpoint at a time, skips an append that finds one running, and waits for it on destroy', async () => {
    await start({ checkpointEveryRows: 1 });
    // Long enough that the second append surely comes while the first checkpoint is being written.
    db.sink.delayMs = 1000;
    await mint(db.audit, 1);
    await mint(db.audit, 2);
    await until(() => written() === 1);
    await sleep(QUIET_MS);
    expect(written()).toBe(1);
    await mint(db.audit, 3);
    await until(() => written() === 2);
    await mint(db.audit, 4);
    await scheduler!.onModuleDestroy();
    expect(written()).toBe(3);
    expect(db.sink.last.headSeq).toBe(4);
  });

  it('logs a failed job with its message and tries again on the next trigger', async () => {
    await start({ checkpointEveryRows: 1 });
    db.sink.fail = true;
    await mint(db.audit, 1);
    await until(() => logs.lines.length === 1);
    expect(logs.lines).toEqual([
      ['error', 'Audit checkpoint failed: Audit checkpoint not written to: memory', 'NomosAuditChain'],
    ]);
    db.sink.fail = false;
    await mint(db.audit, 2);
    await until(() => written() === 1);
  });

  it('purges every purgeEveryMs when retention is set', async () => {
    db = await openChainDb({ retentionDays: 1, purgeEveryMs: 20, checkpointEveryMs: 0, reconcileEveryMs: 0 });
    const old = new Date(Date.now() - 2 * 86_400_000);
    const id = await insertRow(db, { createdAt: old });
    await forgeEntry(db, id, 'complete', 'denied', old);
    await mint(db.audit, 2);
    scheduler = new AuditChainScheduler(db.chain, db.writer, db.options);
    await scheduler.onApplicationBootstrap();
    await until(async () => (await db.entries.countBy({ kind: 'anchor', seq: 1 })) === 1);
    expect(await db.rows.countBy({ id })).toBe(0);
  });
});
