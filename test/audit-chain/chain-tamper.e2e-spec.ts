import { entryHash } from '../../src/audit/audit-canonical.js';
import { AuditChainEntry, checkpointSignatureValid, MagicLinkAudit } from '../../src/index.js';
import type { AuditCheckpoint } from '../../src/index.js';
import { describeEachDb } from '../support/databases.js';
import { keys, mint, openChain, sql } from './chain-fixture.js';

type Chain = Awaited<ReturnType<typeof openChain>>;

describeEachDb('audit hash chain: tampering', (kind) => {
  let t: Chain;
  let ids: number[];
  let checkpoint: AuditCheckpoint;

  beforeEach(async () => {
    t = await openChain(kind);
    ids = [];
    for (let n = 1; n <= 6; n++) ids.push(await mint(t.audit, n));
    // A refusal recorded in one write, and an abandon: both chained.
    ids.push(
      (
        await t.audit.record({
          userId: 'eve',
          channel: 'json',
          outcome: 'denied',
          errorCode: 'CUSTOMER_NOT_LINKED',
          mintAttempts: 0,
          durationMs: 0,
        })
      ).id,
    );
    await t.audit.abandon(ids[2]);
    checkpoint = (await t.chain.checkpoint())!;
  });
  afterEach(() => t?.close());

  it('passes an untouched chain, with and without the checkpoint, in small batches too', async () => {
    expect(checkpoint).toMatchObject({ headSeq: 8, rowCount: 8, anchorSeq: 0 });
    const report = await t.chain.verify({ checkpoint, batchSize: 3 });
    expect(report).toMatchObject({ ok: true, rowsChecked: 8, head: { seq: 8, hash: checkpoint.headHash } });
    expect(report.firstBad).toBeUndefined();
    expect(report.checkpoint).toMatchObject({ status: 'matched', headSeq: 8 });
    expect(await t.chain.verify()).toMatchObject({ ok: true, rowsChecked: 8 });
  });

  it('names an edited row', async () => {
    await sql(t.dataSource, 'UPDATE nomos_magic_link_audit SET customer_id = ? WHERE id = ?', ['cus_mallory', ids[3]]);
    const report = await t.chain.verify({ checkpoint });
    expect(report.ok).toBe(false);
    expect(report.firstBad).toMatchObject({ reason: 'hash-mismatch', auditId: ids[3], seq: 4 });
    expect(report.rowsChecked).toBe(3);
  });

  it('names a row whose outcome was changed, even though the hash covers the chained outcome', async () => {
    await sql(t.dataSource, "UPDATE nomos_magic_link_audit SET outcome = 'failed' WHERE id = ?", [ids[1]]);
    expect((await t.chain.verify()).firstBad).toMatchObject({ reason: 'outcome-mismatch', auditId: ids[1], seq: 2 });
  });

  it('names a deleted audit row, and a deleted chain entry', async () => {
    await sql(t.dataSource, 'DELETE FROM nomos_magic_link_audit WHERE id = ?', [ids[4]]);
    expect((await t.chain.verify()).firstBad).toMatchObject({ reason: 'row-missing', auditId: ids[4], seq: 5 });
    await sql(t.dataSource, 'DELETE FROM nomos_audit_chain WHERE seq = ?', [5]);
    expect((await t.chain.verify()).firstBad).toMatchObject({ reason: 'seq-gap', seq: 5 });
  });

  it('names an inserted completed row that no entry attests', async () => {
    const rows = t.dataSource.getRepository(MagicLinkAudit);
    const forged = rows.create({ ...(await rows.findOneByOrFail({ id: ids[0] })), id: undefined, userId: 'mallory' });
    await rows.insert(forged);
    const report = await t.chain.verify({ checkpoint });
    expect(report).toMatchObject({ ok: false, rowsChecked: 8 });
    expect(report.firstBad).toMatchObject({ reason: 'unchained-row', auditId: forged.id });
  });

  it('names an entry inserted into the middle (renumbered chain)', async () => {
    await sql(t.dataSource, 'UPDATE nomos_audit_chain SET seq = seq + 100 WHERE seq >= ?', [4]);
    await sql(t.dataSource, 'UPDATE nomos_audit_chain SET seq = seq - 99 WHERE seq >= ?', [104]);
    const entries = t.dataSource.getRepository(AuditChainEntry);
    const copy = await entries.findOneByOrFail({ seq: 3 });
    await entries.insert({ ...copy, seq: 4 });
    // The copy still points at entry 2's hash.
    expect((await t.chain.verify()).firstBad).toMatchObject({ reason: 'prev-mismatch', seq: 4 });
  });

  it('detects a truncated chain only against the checkpoint, naming the first missing seq', async () => {
    // The newest two entries go: the recorded refusal (its row too) and the abandon (undone).
    await sql(t.dataSource, 'DELETE FROM nomos_audit_chain WHERE seq >= ?', [7]);
    await sql(t.dataSource, 'DELETE FROM nomos_magic_link_audit WHERE id = ?', [ids[6]]);
    await sql(t.dataSource, "UPDATE nomos_magic_link_audit SET outcome = 'issued' WHERE id = ?", [ids[2]]);
    expect((await t.chain.verify()).ok).toBe(true); // the chain alone cannot tell
    const report = await t.chain.verify({ checkpoint });
    expect(report).toMatchObject({ ok: false, rowsChecked: 6, checkpoint: { status: 'mismatch' } });
    expect(report.firstBad).toMatchObject({ reason: 'truncated', seq: 7 });
  });

  it('detects a rewrite with recomputed hashes against the signed checkpoint', async () => {
    await sql(t.dataSource, 'UPDATE nomos_magic_link_audit SET customer_id = ? WHERE id = ?', ['cus_mallory', ids[5]]);
    await rehashFrom(t, 6);
    expect((await t.chain.verify()).ok).toBe(true);
    const report = await t.chain.verify({ checkpoint });
    expect(report.firstBad).toMatchObject({ reason: 'checkpoint-mismatch', seq: 8 });
    expect(report.checkpoint?.status).toBe('mismatch');
  });

  it('signs checkpoints that verify with the public key and fail when altered', async () => {
    expect(checkpointSignatureValid(checkpoint, keys.publicKey)).toBe(true);
    expect(checkpointSignatureValid({ ...checkpoint, headSeq: 7 }, keys.publicKey)).toBe(false);
    expect(checkpointSignatureValid({ ...checkpoint, headHash: 'f'.repeat(64) }, keys.publicKey)).toBe(false);
    const other = (await import('node:crypto')).generateKeyPairSync('ed25519');
    expect(checkpointSignatureValid(checkpoint, other.publicKey)).toBe(false);
    expect(checkpointSignatureValid('{"headSeq":1}', keys.publicKey)).toBe(false);
    const forged = { ...checkpoint, headSeq: 3 };
    const report = await t.chain.verify({ checkpoint: forged });
    expect(report).toMatchObject({ ok: false, checkpoint: { status: 'bad-signature' } });
  });
});

/** What an attacker with database access does: recompute every hash from `seq` on. */
async function rehashFrom(t: Chain, seq: number): Promise<void> {
  const entries = t.dataSource.getRepository(AuditChainEntry);
  const rows = t.dataSource.getRepository(MagicLinkAudit);
  let prev = (await entries.findOneByOrFail({ seq: seq - 1 })).rowHash;
  for (const entry of await entries.find({ where: {}, order: { seq: 'ASC' } })) {
    if (entry.seq < seq) continue;
    const row = await rows.findOneByOrFail({ id: entry.auditId! });
    const hash = entryHash(
      prev,
      { seq: entry.seq, kind: entry.kind as 'complete', createdAt: entry.createdAt, outcome: entry.outcome! },
      row,
    );
    await entries.update({ seq: entry.seq }, { prevHash: prev, rowHash: hash });
    prev = hash;
  }
}
