// Found by `npm run test:mutation`: a checkpoint's exact fields, which sinks failed, what reconcile and purge change.
import { GENESIS_HASH } from '../../../src/audit/audit-canonical.js';
import { resolveAuditOptions } from '../../../src/audit/audit.options.js';
import { auditKeyId, checkpointSignatureValid, createAuditChain } from '../../../src/index.js';
import type { ChainDb } from './chain-db.js';
import { captureLogs, forgeEntry, hashOf, insertRow, keys, MemorySink, mint, openChainDb } from './chain-db.js';

const DAY = 86_400_000;

describe('AuditChainService (SQLite)', () => {
  let db: ChainDb;
  const q = (text: string, params: unknown[] = []) => db.dataSource.query(text, params);
  const entryCount = async () => db.entries.count();

  afterEach(() => db.close());

  describe('checkpoint', () => {
    it('signs the head, the anchor and the row count, and writes it to the sink', async () => {
      db = await openChainDb();
      for (let n = 1; n <= 3; n++) await mint(db.audit, n);
      const before = Date.now();
      const checkpoint = await db.chain.checkpoint();
      const after = Date.now();
      expect(checkpoint).toStrictEqual({
        version: 'nomos-audit-checkpoint/1',
        headSeq: 3,
        headHash: await hashOf(db, 3),
        rowCount: 3,
        anchorSeq: 0,
        anchorHash: GENESIS_HASH,
        time: expect.any(Number),
        keyId: auditKeyId(keys.publicKey),
        signature: expect.any(String),
      });
      expect(checkpoint!.time).toBeGreaterThanOrEqual(before);
      expect(checkpoint!.time).toBeLessThanOrEqual(after);
      expect(checkpointSignatureValid(checkpoint, keys.publicKey)).toBe(true);
      expect(db.sink.written).toEqual([checkpoint]);
      expect(await db.chain.head()).toEqual({ seq: 3, hash: await hashOf(db, 3) });
    });

    it('counts rows from a moved anchor, and from seq 0 when the anchor is gone', async () => {
      db = await openChainDb({ keyId: 'key-2026' });
      for (let n = 1; n <= 5; n++) await mint(db.audit, n);
      const third = await hashOf(db, 3);
      await q("UPDATE nomos_audit_chain SET kind = 'anchor', outcome = NULL, prev_hash = NULL WHERE seq = 3");
      await q('DELETE FROM nomos_audit_chain WHERE seq < 3');
      expect(await db.chain.checkpoint()).toMatchObject({
        headSeq: 5,
        rowCount: 2,
        anchorSeq: 3,
        anchorHash: third,
        keyId: 'key-2026',
      });
      await q('DELETE FROM nomos_audit_chain WHERE seq = 3');
      expect(await db.chain.checkpoint()).toMatchObject({
        headSeq: 5,
        rowCount: 5,
        anchorSeq: 0,
        anchorHash: GENESIS_HASH,
      });
    });

    it('names every sink that failed, after writing the others', async () => {
      const down = new MemorySink('archive');
      const alsoDown = new MemorySink('siem');
      const up = new MemorySink('file');
      down.fail = true;
      alsoDown.fail = true;
      db = await openChainDb({ checkpointSinks: [down, up, alsoDown] });
      await expect(db.chain.checkpoint()).rejects.toThrow(new Error('Audit checkpoint not written to: archive, siem'));
      expect(up.written).toHaveLength(1);
      alsoDown.fail = false;
      await expect(db.chain.checkpoint()).rejects.toThrow(new Error('Audit checkpoint not written to: archive'));
      down.fail = false;
      await expect(db.chain.checkpoint()).resolves.toMatchObject({ headSeq: 0 });
      expect([down.written.length, up.written.length, alsoDown.written.length]).toEqual([1, 3, 2]);
    });

    it('makes no checkpoint without a signing key or without a key id', async () => {
      db = await openChainDb({}, { signed: false });
      expect(await db.chain.checkpoint()).toBeUndefined();
      await db.close();
      const sink = new MemorySink();
      const signed = resolveAuditOptions({ signingKey: keys.privateKey, checkpointSinks: [sink] }, 10_000);
      db = await openChainDb({}, { resolved: { ...signed, keyId: undefined } });
      expect(await db.chain.checkpoint()).toBeUndefined();
      await db.close();
      db = await openChainDb({}, { resolved: { ...signed, signingKey: undefined } });
      expect(await db.chain.checkpoint()).toBeUndefined();
      expect(sink.written).toEqual([]);
    });
  });

  describe('reconcile', () => {
    let logs: ReturnType<typeof captureLogs>;
    beforeEach(() => {
      logs = captureLogs();
    });
    afterEach(() => logs.restore());

    it('turns rows pending longer than the timeout into chained abandoned rows', async () => {
      db = await openChainDb({ pendingTimeoutMs: 60_000 });
      const stale = await db.audit.begin({ userId: 'crashed', channel: 'redirect' }, { attemptCounted: true });
      const t = stale.createdAt.getTime();
      expect(await db.chain.reconcile(new Date(t + 60_000))).toBe(0);
      expect(logs.lines).toEqual([]);
      const before = Date.now();
      expect(await db.chain.reconcile(new Date(t + 60_001))).toBe(1);
      const row = await db.rows.findOneByOrFail({ id: stale.id });
      expect(row).toMatchObject({ outcome: 'abandoned', errorCode: 'PENDING_EXPIRED', mintAttempts: 1 });
      expect(row.completedAt!.getTime()).toBeGreaterThanOrEqual(before);
      expect(row.durationMs).toBeGreaterThanOrEqual(0);
      expect(row.durationMs).toBeLessThanOrEqual(Date.now() - t);
      expect(await db.entries.findOneByOrFail({ seq: 1 })).toMatchObject({
        kind: 'complete',
        auditId: stale.id,
        outcome: 'abandoned',
      });
      expect(await db.chain.verify()).toMatchObject({ ok: true, rowsChecked: 1 });
      expect(logs.lines).toEqual([
        ['warn', 'Turned 1 stale pending audit rows into abandoned (PENDING_EXPIRED)', 'NomosAuditChain'],
      ]);
      expect(await db.chain.reconcile(new Date(t + 60_001))).toBe(0);
      expect(logs.lines).toHaveLength(1);
    });

    it('leaves completed rows alone, and clamps the wall time to 0 … 2^31-1 ms', async () => {
      db = await openChainDb({ pendingTimeoutMs: 1000 });
      const done = await mint(db.audit, 1);
      const future = await db.audit.begin({ channel: 'json' });
      const ancient = await db.audit.begin({ channel: 'json' });
      const ahead = Date.now() + 10 * DAY;
      await q('UPDATE nomos_magic_link_audit SET created_at = ? WHERE id = ?', [ahead, future.id]);
      await q('UPDATE nomos_magic_link_audit SET created_at = 1 WHERE id = ?', [ancient.id]);
      expect(await db.chain.reconcile(new Date(ahead + 2000))).toBe(2);
      expect((await db.rows.findOneByOrFail({ id: future.id })).durationMs).toBe(0);
      expect((await db.rows.findOneByOrFail({ id: ancient.id })).durationMs).toBe(2_147_483_647);
      expect((await db.rows.findOneByOrFail({ id: done })).outcome).toBe('issued');
      expect(logs.lines).toEqual([
        ['warn', 'Turned 2 stale pending audit rows into abandoned (PENDING_EXPIRED)', 'NomosAuditChain'],
      ]);
    });

    it('goes on past a full batch of 100', async () => {
      db = await openChainDb();
      const at = new Date(Date.now() - DAY);
      await db.rows.insert(
        Array.from({ length: 101 }, () =>
          db.rows.create({ createdAt: at, completedAt: null, channel: 'json', outcome: 'pending', mintAttempts: 0 }),
        ),
      );
      expect(await db.chain.reconcile()).toBe(101);
      expect(await db.rows.countBy({ outcome: 'pending' })).toBe(0);
      expect(await db.chain.head()).toMatchObject({ seq: 101 });
    });

    it('defaults the timeout to the mint deadline plus a minute through createAuditChain', async () => {
      db = await openChainDb({}, { signed: false });
      const row = await db.audit.begin({ channel: 'json' });
      const t = row.createdAt.getTime();
      expect(await createAuditChain(db.dataSource).chain.reconcile(new Date(t + 70_000))).toBe(0);
      expect(await createAuditChain(db.dataSource, {}, 2000).chain.reconcile(new Date(t + 62_000))).toBe(0);
      expect(await createAuditChain(db.dataSource, {}, 2000).chain.reconcile(new Date(t + 62_001))).toBe(1);
      const other = await db.audit.begin({ channel: 'json' });
      const shortTimeout = createAuditChain(db.dataSource, { pendingTimeoutMs: 5 });
      expect(await shortTimeout.chain.reconcile(new Date(other.createdAt.getTime() + 6))).toBe(1);
      // The factory's audit service chains what it writes.
      const recorded = await shortTimeout.audit.record({
        channel: 'json',
        outcome: 'denied',
        errorCode: 'CUSTOMER_NOT_LINKED',
        mintAttempts: 0,
        durationMs: 0,
      });
      expect(await db.entries.findOneByOrFail({ seq: 3 })).toMatchObject({ auditId: recorded.id, outcome: 'denied' });
      expect(await shortTimeout.chain.verify()).toMatchObject({ ok: true, rowsChecked: 3 });
    });
  });

  describe('purge', () => {
    /** Two rows chained two days ago, then one chained now. @returns the entries' ids */
    async function oldAndNew(): Promise<number[]> {
      const old = new Date(Date.now() - 2 * DAY);
      const a = await insertRow(db, { createdAt: old });
      const b = await insertRow(db, { createdAt: old });
      await forgeEntry(db, a, 'complete', 'denied', old);
      await forgeEntry(db, b, 'complete', 'denied', old);
      return [a, b, await mint(db.audit, 3)];
    }

    it('does nothing without retention or a cutoff', async () => {
      db = await openChainDb();
      await oldAndNew();
      expect(await db.chain.purge()).toBe(0);
      expect(await entryCount()).toBe(4);
      expect(db.sink.written).toEqual([]);
    });

    it('purges entries older than retentionDays, checkpointing before and after', async () => {
      db = await openChainDb({ retentionDays: 3 });
      await oldAndNew();
      expect(await db.chain.purge()).toBe(0);
      expect(db.sink.written).toEqual([]);
      await db.close();
      db = await openChainDb({ retentionDays: 1 });
      const [, , c] = await oldAndNew();
      const second = await hashOf(db, 2);
      expect(await db.chain.purge()).toBe(2);
      expect(db.sink.written).toHaveLength(2);
      expect(db.sink.written[0]).toMatchObject({ anchorSeq: 0, anchorHash: GENESIS_HASH, headSeq: 3, rowCount: 3 });
      expect(db.sink.written[1]).toMatchObject({ anchorSeq: 2, anchorHash: second, headSeq: 3, rowCount: 1 });
      expect((await db.rows.find({ order: { id: 'ASC' } })).map((r) => r.id)).toEqual([c]);
      expect(await db.chain.verify({ checkpoint: db.sink.last })).toMatchObject({
        ok: true,
        rowsChecked: 1,
        checkpoint: { status: 'matched' },
      });
    });

    it('writes nothing when no entry is old enough, not even for the anchor', async () => {
      db = await openChainDb();
      expect(await db.chain.purge(new Date(Date.now() + DAY))).toBe(0);
      expect(db.sink.written).toEqual([]);
      await oldAndNew();
      expect(await db.chain.purge(new Date(Date.now() - 3 * DAY))).toBe(0);
      expect(db.sink.written).toEqual([]);
      expect(await entryCount()).toBe(4);
    });

    it('purges with olderThan over retention, and without a key writes no checkpoint', async () => {
      db = await openChainDb({ retentionDays: 36_500 }, { signed: false });
      await oldAndNew();
      expect(await db.chain.purge(new Date(Date.now() - DAY))).toBe(2);
      expect(await db.chain.verify()).toMatchObject({ ok: true, rowsChecked: 1, anchor: { seq: 2 } });
    });

    it('purges nothing when the checkpoint before it cannot be written', async () => {
      db = await openChainDb({ retentionDays: 1 });
      await oldAndNew();
      db.sink.fail = true;
      await expect(db.chain.purge()).rejects.toThrow(new Error('Audit checkpoint not written to: memory'));
      expect(await entryCount()).toBe(4);
      expect(await db.rows.count()).toBe(3);
    });
  });
});
