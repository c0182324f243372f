// Found by `npm run test:mutation`: purgeChain's counts per batch, the anchor it leaves and the rows it keeps.
import { purgeChain } from '../../../src/audit/audit-chain.purge.js';
import type { ChainDb } from './chain-db.js';
import { forgeEntry, hashOf, insertRow, mint, openChainDb } from './chain-db.js';

const HOUR = 3_600_000;

describe('purgeChain (SQLite)', () => {
  let db: ChainDb;
  const q = (text: string, params: unknown[] = []) => db.dataSource.query(text, params);
  const cutoff = () => new Date(Date.now() - HOUR);
  const rowIds = async () => (await db.rows.find({ order: { id: 'ASC' } })).map((r) => r.id);
  const seqs = async () => (await db.entries.find({ order: { seq: 'ASC' } })).map((e) => e.seq);

  /** `n` rows chained a day ago. @returns their ids */
  async function old(n: number, outcome: 'denied' | 'issued' = 'denied'): Promise<number[]> {
    const at = new Date(Date.now() - 24 * HOUR);
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      const id = await insertRow(db, { createdAt: at, outcome });
      await forgeEntry(db, id, 'complete', outcome, at);
      ids.push(id);
    }
    return ids;
  }

  beforeEach(async () => {
    db = await openChainDb();
  });
  afterEach(() => db.close());

  it('purges the old prefix batch by batch, leaving an anchor with the last purged hash', async () => {
    await old(7);
    const young = [await mint(db.audit, 1), await mint(db.audit, 2)];
    const seventh = await hashOf(db, 7);
    expect(await purgeChain(db.writer.lock, cutoff(), 3)).toBe(7);
    expect(await seqs()).toEqual([7, 8, 9]);
    expect(await db.entries.findOneByOrFail({ seq: 7 })).toMatchObject({
      kind: 'anchor',
      auditId: 0,
      outcome: null,
      prevHash: null,
      rowHash: seventh,
    });
    expect(await rowIds()).toEqual(young);
    expect(await db.chain.verify()).toMatchObject({ ok: true, rowsChecked: 2, anchor: { seq: 7, hash: seventh } });
  });

  it('goes on after a full last batch', async () => {
    await old(6);
    expect(await purgeChain(db.writer.lock, cutoff(), 3)).toBe(6);
    expect(await seqs()).toEqual([6]);
    expect(await purgeChain(db.writer.lock, cutoff(), 3)).toBe(0);
  });

  it('purges with the default batch', async () => {
    await old(3);
    expect(await purgeChain(db.writer.lock, cutoff())).toBe(3);
    expect(await seqs()).toEqual([3]);
  });

  it('keeps a row a later entry still attests, pending rows and legacy rows, and the legacy boundary', async () => {
    const legacy = await insertRow(db, { createdAt: new Date(Date.now() - 48 * HOUR) });
    await q('UPDATE nomos_audit_chain SET audit_id = ? WHERE seq = 0', [legacy]);
    const [issued] = await old(1, 'issued');
    await old(1);
    const pending = await insertRow(db, {
      createdAt: new Date(Date.now() - 24 * HOUR),
      outcome: 'pending',
      completedAt: null,
      errorCode: null,
    });
    await db.audit.abandon(issued);
    expect(await purgeChain(db.writer.lock, cutoff())).toBe(2);
    expect(await rowIds()).toEqual([legacy, issued, pending]);
    expect(await db.entries.findOneByOrFail({ seq: 2 })).toMatchObject({ kind: 'anchor', auditId: legacy });
    expect(await db.chain.verify()).toMatchObject({ ok: true, rowsChecked: 1, legacyBoundary: legacy });
  });

  it('refuses to purge across a gap, changing nothing', async () => {
    await old(4);
    await q('DELETE FROM nomos_audit_chain WHERE seq = 2');
    await expect(purgeChain(db.writer.lock, cutoff(), 3)).rejects.toThrow(
      new Error('Audit purge refused: the chain has a gap before seq 3; run verify'),
    );
    expect(await seqs()).toEqual([0, 1, 3, 4]);
    expect(await db.rows.count()).toBe(4);
  });

  it('stops at the first young entry and leaves the anchor alone when nothing is old', async () => {
    await old(4);
    await q('UPDATE nomos_audit_chain SET created_at = ? WHERE seq = 3', [Date.now()]);
    expect(await purgeChain(db.writer.lock, cutoff())).toBe(2);
    const anchor = await db.entries.findOneByOrFail({ seq: 2 });
    expect(await purgeChain(db.writer.lock, cutoff())).toBe(0);
    expect(await db.entries.findOneByOrFail({ seq: 2 })).toEqual(anchor);
    expect(await seqs()).toEqual([2, 3, 4]);
  });

  it('purges an empty chain to nothing, and a chain without an anchor from seq 1', async () => {
    expect(await purgeChain(db.writer.lock, new Date(Date.now() + HOUR))).toBe(0);
    expect(await seqs()).toEqual([0]);
    await old(3);
    await q('DELETE FROM nomos_audit_chain WHERE seq = 0');
    const third = await hashOf(db, 3);
    expect(await purgeChain(db.writer.lock, cutoff(), 2)).toBe(3);
    expect(await db.entries.find()).toMatchObject([{ seq: 3, kind: 'anchor', auditId: 0, rowHash: third }]);
    expect(await db.rows.count()).toBe(0);
  });
});
