import { AuditChainEntry, MagicLinkAudit } from '../../src/index.js';
import { describeEachDb } from '../support/databases.js';
import { mint, openChain, sql } from './chain-fixture.js';

type Chain = Awaited<ReturnType<typeof openChain>>;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeEachDb('audit hash chain: retention purge and reconciliation', (kind) => {
  let t: Chain;

  beforeEach(async () => {
    t = await openChain(kind, { pendingTimeoutMs: 60_000 });
  });
  afterEach(() => t?.close());

  it('purges old rows in batches, checkpoints before and after, and stays verifiable', async () => {
    const old: number[] = [];
    for (let n = 0; n < 7; n++) old.push(await mint(t.audit, n));
    await sleep(5);
    const cutoff = new Date();
    await sleep(5);
    const young: number[] = [];
    for (let n = 0; n < 3; n++) young.push(await mint(t.audit, 100 + n));
    await t.audit.abandon(old[6]); // attested again after the cutoff: its row must stay
    const pending = await t.audit.begin({ userId: 'waiting', channel: 'redirect' });

    const before = t.sink.written.length;
    const { purgeChain } = await import('../../src/audit/audit-chain.purge.js');
    // Batches of 3: the chain must be whole after each.
    expect(await purgeChain(t.writer.lock, cutoff, 3)).toBe(7);
    expect((await t.chain.verify()).ok).toBe(true);
    expect(await t.chain.purge(cutoff)).toBe(0); // nothing left before the cutoff
    expect(t.sink.written.length).toBe(before + 1); // checkpoint before; none after, nothing purged

    const rows = t.dataSource.getRepository(MagicLinkAudit);
    const left = (await rows.find({ select: { id: true } })).map((r) => r.id).sort((a, b) => a - b);
    expect(left).toEqual([old[6], ...young, pending.id].sort((a, b) => a - b));
    const anchor = await t.dataSource.getRepository(AuditChainEntry).findOneByOrFail({ kind: 'anchor' });
    expect(anchor.seq).toBe(7);
    await t.chain.checkpoint();
    const report = await t.chain.verify({ checkpoint: t.sink.last });
    expect(report).toMatchObject({ ok: true, rowsChecked: 4, anchor: { seq: 7 }, checkpoint: { status: 'matched' } });
  });

  it('purge() writes a checkpoint before and after, and the old checkpoint no longer matches the start', async () => {
    for (let n = 0; n < 4; n++) await mint(t.audit, n);
    await sleep(5);
    const cutoff = new Date();
    await sleep(5);
    await mint(t.audit, 9);
    const start = t.sink.written.length;
    expect(await t.chain.purge(cutoff)).toBe(4);
    expect(t.sink.written.length).toBe(start + 2);
    const [pre, post] = t.sink.written.slice(start);
    expect(pre).toMatchObject({ anchorSeq: 0, headSeq: 5 });
    expect(post).toMatchObject({
      anchorSeq: 4,
      headSeq: 5,
      rowCount: 1,
      anchorHash: expect.not.stringMatching(/^0+$/),
    });
    expect(await t.chain.verify({ checkpoint: post })).toMatchObject({ ok: true, rowsChecked: 1 });
    // Rows deleted from the start look like a purge after `pre`: reported, not passed.
    const stale = await t.chain.verify({ checkpoint: pre });
    expect(stale.firstBad).toMatchObject({ reason: 'anchor-mismatch', seq: 1 });
  });

  it('turns pending rows older than the timeout into chained abandoned rows, and leaves young ones', async () => {
    const stale = await t.audit.begin({ userId: 'crashed', channel: 'redirect' });
    const fresh = await t.audit.begin({ userId: 'minting', channel: 'json' });
    await mint(t.audit, 1);
    await sql(t.dataSource, 'UPDATE nomos_magic_link_audit SET created_at = ? WHERE id = ?', [
      Date.now() - 120_000,
      stale.id,
    ]);

    expect(await t.chain.reconcile()).toBe(1);
    expect(await t.chain.reconcile()).toBe(0); // already done: nothing changes
    const rows = t.dataSource.getRepository(MagicLinkAudit);
    expect(await rows.findOneByOrFail({ id: stale.id })).toMatchObject({
      outcome: 'abandoned',
      errorCode: 'PENDING_EXPIRED',
      mintAttempts: 0,
      completedAt: expect.any(Date),
    });
    expect((await rows.findOneByOrFail({ id: fresh.id })).outcome).toBe('pending');
    const entry = await t.dataSource.getRepository(AuditChainEntry).findOneByOrFail({ auditId: stale.id });
    expect(entry).toMatchObject({ kind: 'complete', outcome: 'abandoned', seq: 2 });
    expect(await t.chain.verify()).toMatchObject({ ok: true, rowsChecked: 2 });
    // A row completed meanwhile by its own request is not taken over.
    await t.audit.complete(fresh.id, {
      outcome: 'failed',
      errorCode: 'NOMOS_TIMEOUT',
      mintAttempts: 2,
      durationMs: 10,
    });
    await sql(t.dataSource, 'UPDATE nomos_magic_link_audit SET created_at = ? WHERE id = ?', [
      Date.now() - 120_000,
      fresh.id,
    ]);
    expect(await t.chain.reconcile()).toBe(0);
  });
});
