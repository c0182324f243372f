// Found by `npm run test:mutation`: append listeners, the head of an empty chain, stalePending, the repository path.
import { LessThan } from 'typeorm';
import { GENESIS_HASH } from '../../../src/audit/audit-canonical.js';
import type { ChainDb } from './chain-db.js';
import { hashOf, insertRow, mint, openChainDb } from './chain-db.js';

describe('AuditChainWriter (SQLite)', () => {
  let db: ChainDb;
  const q = (text: string, params: unknown[] = []) => db.dataSource.query(text, params);

  beforeEach(async () => {
    db = await openChainDb({}, { signed: false });
  });
  afterEach(() => db.close());

  it('tells each listener about every committed append, until it unsubscribes', async () => {
    const calls = { a: 0, b: 0 };
    const stopA = db.writer.onAppend(() => calls.a++);
    db.writer.onAppend(() => calls.b++);
    const id = await mint(db.audit, 1);
    await db.audit.record({ channel: 'json', outcome: 'denied', errorCode: 'X', mintAttempts: 0, durationMs: 0 });
    await db.audit.abandon(id);
    expect(calls).toEqual({ a: 3, b: 3 });
    await expect(db.audit.abandon(id)).rejects.toThrow('Audit abandon failed: no issued audit row with this id');
    expect(calls).toEqual({ a: 3, b: 3 });
    stopA();
    await mint(db.audit, 2);
    expect(calls).toEqual({ a: 3, b: 4 });
  });

  it('reads the head as the zero hash at seq 0 with or without the anchor', async () => {
    expect(await db.writer.head()).toEqual({ seq: 0, hash: GENESIS_HASH });
    await q('DELETE FROM nomos_audit_chain');
    expect(await db.writer.head()).toEqual({ seq: 0, hash: GENESIS_HASH });
    await mint(db.audit, 1);
    expect(await db.writer.head()).toEqual({ seq: 1, hash: await hashOf(db, 1) });
    expect((await db.entries.findOneByOrFail({ seq: 1 })).prevHash).toBe(GENESIS_HASH);
  });

  it('lists pending rows created strictly before a time, oldest first, up to a limit', async () => {
    const pending = (t: number) =>
      insertRow(db, { createdAt: new Date(t), outcome: 'pending', completedAt: null, errorCode: null });
    await insertRow(db, { createdAt: new Date(500) });
    const [p1, p2] = [await pending(2000), await pending(1000)];
    await pending(3000);
    expect(await db.writer.stalePending(new Date(3000), 10)).toEqual([p1, p2]);
    expect(await db.writer.stalePending(new Date(3000), 1)).toEqual([p1]);
    expect(await db.writer.stalePending(new Date(1000), 10)).toEqual([]);
  });

  it('chains a conditional update through the repository, and changes nothing when it matches no row', async () => {
    let appends = 0;
    db.writer.onAppend(() => appends++);
    const row = await db.audit.begin({ channel: 'json' });
    const values = { outcome: 'abandoned' as const, completedAt: new Date(), errorCode: 'PENDING_EXPIRED' };
    const older = { id: row.id, outcome: 'pending' as const, createdAt: LessThan(row.createdAt) };
    expect(await db.writer.update(older, values, 'complete')).toBe(false);
    const plain = { id: row.id, outcome: 'issued' as const };
    expect(await db.writer.update(plain, values, 'complete')).toBe(false);
    expect([appends, await db.entries.count()]).toEqual([0, 1]);
    const stale = { ...older, createdAt: LessThan(new Date(row.createdAt.getTime() + 1)) };
    expect(await db.writer.update(stale, values, 'complete')).toBe(true);
    expect(appends).toBe(1);
    expect(await db.entries.findOneByOrFail({ seq: 1 })).toMatchObject({
      kind: 'complete',
      auditId: row.id,
      outcome: 'abandoned',
      prevHash: GENESIS_HASH,
    });
    expect(await db.chain.verify()).toMatchObject({ ok: true, rowsChecked: 1 });
  });
});
