// Found by `npm run test:mutation`: verify names the exact fault, seq, row and message of the first bad entry.
import { GENESIS_HASH } from '../../../src/audit/audit-canonical.js';
import { signCheckpoint } from '../../../src/audit/audit-checkpoint.js';
import type { AuditCheckpoint } from '../../../src/index.js';
import type { ChainDb } from './chain-db.js';
import { forgeEntry, hashOf, insertRow, keys, mint, openChainDb, otherKeys, rehashFrom } from './chain-db.js';

describe('audit chain verify (SQLite)', () => {
  let db: ChainDb;
  let ids: number[];

  const q = (text: string, params: unknown[] = []) => db.dataSource.query(text, params);
  const head = async (seq: number) => ({ seq, hash: await hashOf(db, seq) });
  const genesis = { seq: 0, hash: GENESIS_HASH };

  beforeEach(async () => {
    db = await openChainDb();
    ids = [];
    for (let n = 1; n <= 5; n++) ids.push(await mint(db.audit, n));
  });
  afterEach(() => db.close());

  it('reports a sound chain in full, whatever the batch size', async () => {
    const expected = { ok: true, rowsChecked: 5, head: await head(5), anchor: genesis, legacyBoundary: 0 };
    expect(await db.chain.verify()).toStrictEqual({ ...expected, firstBad: undefined });
    for (const batchSize of [1, 2, 0, -4, 2.7, 50_000, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(await db.chain.verify({ batchSize })).toStrictEqual({ ...expected, firstBad: undefined });
    }
  });

  it('names a deleted entry as a gap at its seq', async () => {
    await q('DELETE FROM nomos_audit_chain WHERE seq = 3');
    expect(await db.chain.verify({ batchSize: 2 })).toStrictEqual({
      ok: false,
      rowsChecked: 2,
      head: await head(2),
      anchor: genesis,
      legacyBoundary: 0,
      firstBad: { seq: 3, reason: 'seq-gap', message: 'Entry 3 of the chain is missing' },
    });
  });

  it('names an entry that does not point at the one before', async () => {
    await q('UPDATE nomos_audit_chain SET prev_hash = ? WHERE seq = 3', ['e'.repeat(64)]);
    const report = await db.chain.verify();
    expect(report.firstBad).toStrictEqual({
      seq: 3,
      auditId: ids[2],
      reason: 'prev-mismatch',
      message: 'Entry 3 does not follow entry 2',
    });
    expect(report.rowsChecked).toBe(2);
    expect(report.head).toEqual(await head(2));
  });

  it('names an edited row by id and seq', async () => {
    await q('UPDATE nomos_magic_link_audit SET user_id = ? WHERE id = ?', ['mallory', ids[3]]);
    const report = await db.chain.verify();
    expect(report.ok).toBe(false);
    expect(report.rowsChecked).toBe(3);
    expect(report.firstBad).toStrictEqual({
      seq: 4,
      auditId: ids[3],
      reason: 'hash-mismatch',
      message: `Audit row ${ids[3]} (entry 4) differs from what was chained`,
    });
  });

  it('names an edited entry (its time, its kind) as a hash mismatch', async () => {
    await q('UPDATE nomos_audit_chain SET created_at = created_at + 1 WHERE seq = 1');
    expect((await db.chain.verify()).firstBad).toMatchObject({ seq: 1, reason: 'hash-mismatch', auditId: ids[0] });
    await q('UPDATE nomos_audit_chain SET created_at = created_at - 1 WHERE seq = 1');
    await q("UPDATE nomos_audit_chain SET kind = 'abandon' WHERE seq = 2");
    expect((await db.chain.verify()).firstBad).toMatchObject({ seq: 2, reason: 'hash-mismatch', auditId: ids[1] });
  });

  it('names a deleted audit row', async () => {
    await q('DELETE FROM nomos_magic_link_audit WHERE id = ?', [ids[1]]);
    expect((await db.chain.verify()).firstBad).toStrictEqual({
      seq: 2,
      auditId: ids[1],
      reason: 'row-missing',
      message: `Audit row ${ids[1]} (entry 2) is gone`,
    });
  });

  it('names a row whose outcome changed without an abandon entry', async () => {
    await q("UPDATE nomos_magic_link_audit SET outcome = 'abandoned' WHERE id = ?", [ids[4]]);
    const report = await db.chain.verify();
    expect(report.firstBad).toStrictEqual({
      seq: 5,
      auditId: ids[4],
      reason: 'outcome-mismatch',
      message: `Audit row ${ids[4]} (entry 5) has an outcome the chain never recorded`,
    });
    expect(report.rowsChecked).toBe(4);
  });

  it('passes an abandon appended after the completion, in any batch size', async () => {
    await db.audit.abandon(ids[1]);
    for (const batchSize of [1, 3, 1000]) {
      const report = await db.chain.verify({ batchSize });
      expect(report).toMatchObject({ ok: true, rowsChecked: 6, head: await head(6) });
      expect(report.firstBad).toBeUndefined();
    }
  });

  it('refuses an abandon entry that comes before the completion it would explain', async () => {
    const x = await insertRow(db, { outcome: 'abandoned', linkFingerprint: 'c'.repeat(64) });
    await forgeEntry(db, x, 'abandon', 'abandoned');
    await forgeEntry(db, x, 'complete', 'issued');
    expect((await db.chain.verify()).firstBad).toStrictEqual({
      seq: 7,
      auditId: x,
      reason: 'outcome-mismatch',
      message: `Audit row ${x} (entry 7) has an outcome the chain never recorded`,
    });
  });

  it('refuses an abandon entry that attests an outcome the row does not have', async () => {
    const x = await insertRow(db, { outcome: 'abandoned' });
    await forgeEntry(db, x, 'complete', 'issued');
    await forgeEntry(db, x, 'abandon', 'issued');
    await forgeEntry(db, x, 'abandon', 'abandoned');
    expect((await db.chain.verify()).firstBad).toMatchObject({ seq: 7, auditId: x, reason: 'outcome-mismatch' });
  });

  it('accepts forged-but-consistent entries of both kinds (the checkpoint is what catches those)', async () => {
    const x = await insertRow(db, { outcome: 'abandoned' });
    await forgeEntry(db, x, 'complete', 'issued');
    await forgeEntry(db, x, 'abandon', 'abandoned');
    expect(await db.chain.verify()).toMatchObject({ ok: true, rowsChecked: 7 });
  });

  it('names malformed entries: an anchor in the middle, an unknown kind, no row, no outcome', async () => {
    const report = async () => (await db.chain.verify()).firstBad;
    const message = 'Entry 3 is not a valid chain entry';
    await q("UPDATE nomos_audit_chain SET kind = 'anchor' WHERE seq = 3");
    expect(await report()).toStrictEqual({ seq: 3, auditId: ids[2], reason: 'bad-entry', message });
    await q("UPDATE nomos_audit_chain SET kind = 'rewrite' WHERE seq = 3");
    expect(await report()).toStrictEqual({ seq: 3, auditId: ids[2], reason: 'bad-entry', message });
    await q("UPDATE nomos_audit_chain SET kind = 'complete', audit_id = NULL WHERE seq = 3");
    expect(await report()).toStrictEqual({ seq: 3, reason: 'bad-entry', message });
    await q('UPDATE nomos_audit_chain SET audit_id = ?, outcome = NULL WHERE seq = 3', [ids[2]]);
    expect(await report()).toStrictEqual({ seq: 3, auditId: ids[2], reason: 'bad-entry', message });
    await q("UPDATE nomos_audit_chain SET outcome = '' WHERE seq = 3");
    expect(await report()).toStrictEqual({ seq: 3, auditId: ids[2], reason: 'bad-entry', message });
  });

  it('names the lowest completed row no entry attests, skipping pending and legacy rows', async () => {
    await db.audit.begin({ channel: 'json' });
    expect((await db.chain.verify()).ok).toBe(true);
    const forged = await insertRow(db);
    const later = await insertRow(db);
    expect(await db.chain.verify()).toStrictEqual({
      ok: false,
      rowsChecked: 5,
      head: await head(5),
      anchor: genesis,
      legacyBoundary: 0,
      firstBad: {
        auditId: forged,
        reason: 'unchained-row',
        message: `Audit row ${forged} is completed but no chain entry attests it`,
      },
    });
    // Rows at or below the anchor's audit id predate the chain.
    await q('UPDATE nomos_audit_chain SET audit_id = ? WHERE seq = 0', [forged]);
    expect(await db.chain.verify()).toMatchObject({ ok: false, legacyBoundary: forged, firstBad: { auditId: later } });
    await q('UPDATE nomos_audit_chain SET audit_id = ? WHERE seq = 0', [later]);
    expect(await db.chain.verify()).toMatchObject({ ok: true, legacyBoundary: later });
    await q('UPDATE nomos_audit_chain SET audit_id = NULL WHERE seq = 0');
    expect(await db.chain.verify()).toMatchObject({ ok: false, legacyBoundary: 0, firstBad: { auditId: forged } });
  });

  it('walks a chain without an anchor from an implicit seq 0', async () => {
    await q('DELETE FROM nomos_audit_chain WHERE seq = 0');
    expect(await db.chain.verify()).toMatchObject({ ok: true, rowsChecked: 5, anchor: genesis, legacyBoundary: 0 });
    await q('DELETE FROM nomos_audit_chain WHERE seq = 1');
    expect((await db.chain.verify()).firstBad).toStrictEqual({
      seq: 1,
      reason: 'seq-gap',
      message: 'Entry 1 of the chain is missing',
    });
  });

  describe('against a checkpoint', () => {
    let checkpoint: AuditCheckpoint;
    const sign = (changes: Partial<AuditCheckpoint>, key = keys.privateKey) => {
      const { version: _v, signature: _s, ...content } = { ...checkpoint, ...changes };
      return signCheckpoint(content, key);
    };
    const verdict = (c: AuditCheckpoint, status: string) => ({
      status,
      headSeq: c.headSeq,
      time: c.time,
      keyId: c.keyId,
    });

    beforeEach(async () => {
      checkpoint = (await db.chain.checkpoint())!;
    });

    it('matches an untouched chain, and one that grew since', async () => {
      expect(await db.chain.verify({ checkpoint })).toStrictEqual({
        ok: true,
        rowsChecked: 5,
        head: await head(5),
        anchor: genesis,
        legacyBoundary: 0,
        firstBad: undefined,
        checkpoint: verdict(checkpoint, 'matched'),
      });
      await mint(db.audit, 6);
      expect(await db.chain.verify({ checkpoint, batchSize: 2 })).toMatchObject({
        ok: true,
        rowsChecked: 6,
        checkpoint: verdict(checkpoint, 'matched'),
      });
    });

    it('matches the checkpoint of an empty chain', async () => {
      const fresh = await openChainDb();
      try {
        const empty = (await fresh.chain.checkpoint())!;
        expect(await fresh.chain.verify({ checkpoint: empty })).toStrictEqual({
          ok: true,
          rowsChecked: 0,
          head: genesis,
          anchor: genesis,
          legacyBoundary: 0,
          firstBad: undefined,
          checkpoint: verdict(empty, 'matched'),
        });
      } finally {
        await fresh.close();
      }
    });

    it('says the checkpoint was not reached when a bad row comes first', async () => {
      await q('UPDATE nomos_magic_link_audit SET user_id = ? WHERE id = ?', ['mallory', ids[1]]);
      expect(await db.chain.verify({ checkpoint })).toMatchObject({
        ok: false,
        firstBad: { seq: 2, reason: 'hash-mismatch' },
        checkpoint: verdict(checkpoint, 'unchecked'),
      });
    });

    it('matches a checkpoint before a bad row, and is still not ok', async () => {
      await mint(db.audit, 6);
      await q('UPDATE nomos_magic_link_audit SET user_id = ? WHERE id = ?', ['mallory', ids[4] + 1]);
      expect(await db.chain.verify({ checkpoint })).toMatchObject({
        ok: false,
        rowsChecked: 5,
        firstBad: { seq: 6, reason: 'hash-mismatch' },
        checkpoint: verdict(checkpoint, 'matched'),
      });
    });

    it('names a truncated chain at its first missing seq', async () => {
      await q('DELETE FROM nomos_audit_chain WHERE seq >= 4');
      await q('DELETE FROM nomos_magic_link_audit WHERE id >= ?', [ids[3]]);
      expect((await db.chain.verify()).ok).toBe(true);
      expect(await db.chain.verify({ checkpoint })).toStrictEqual({
        ok: false,
        rowsChecked: 3,
        head: await head(3),
        anchor: genesis,
        legacyBoundary: 0,
        firstBad: { seq: 4, reason: 'truncated', message: 'The chain ends at entry 3; the checkpoint saw 5' },
        checkpoint: verdict(checkpoint, 'mismatch'),
      });
    });

    it('names a consistent rewrite at the checkpoint head', async () => {
      await q('UPDATE nomos_magic_link_audit SET user_id = ? WHERE id = ?', ['mallory', ids[1]]);
      await rehashFrom(db, 2);
      expect((await db.chain.verify()).ok).toBe(true);
      expect(await db.chain.verify({ checkpoint })).toStrictEqual({
        ok: false,
        rowsChecked: 4,
        head: await head(4),
        anchor: genesis,
        legacyBoundary: 0,
        firstBad: {
          seq: 5,
          auditId: ids[4],
          reason: 'checkpoint-mismatch',
          message: 'The chain up to entry 5 differs from the signed checkpoint',
        },
        checkpoint: verdict(checkpoint, 'mismatch'),
      });
    });

    it('names a checkpoint whose anchor is elsewhere, by seq or by hash', async () => {
      const later = sign({ anchorSeq: 3 });
      expect(await db.chain.verify({ checkpoint: later })).toStrictEqual({
        ok: false,
        rowsChecked: 0,
        head: genesis,
        anchor: genesis,
        legacyBoundary: 0,
        firstBad: {
          seq: 0,
          reason: 'anchor-mismatch',
          message: 'The chain starts at seq 0, not where the checkpoint says',
        },
        checkpoint: verdict(later, 'mismatch'),
      });
      const rehashed = sign({ anchorHash: 'a'.repeat(64) });
      expect(await db.chain.verify({ checkpoint: rehashed })).toMatchObject({
        ok: false,
        firstBad: { seq: 0, reason: 'anchor-mismatch' },
        checkpoint: { status: 'mismatch' },
      });
      // The chain moved on past a checkpoint: its start is reported one past the old anchor.
      await q("UPDATE nomos_audit_chain SET kind = 'anchor', audit_id = 0, outcome = NULL WHERE seq = 2");
      await q('DELETE FROM nomos_audit_chain WHERE seq < 2');
      const report = await db.chain.verify({ checkpoint });
      expect(report.anchor).toEqual(await head(2));
      expect(report.firstBad).toStrictEqual({
        seq: 1,
        reason: 'anchor-mismatch',
        message: 'The chain starts at seq 2, not where the checkpoint says',
      });
    });

    it('reports a forged or foreign checkpoint and walks the chain on its own', async () => {
      const forged = { ...checkpoint, headSeq: 9 };
      expect(await db.chain.verify({ checkpoint: forged })).toStrictEqual({
        ok: false,
        rowsChecked: 5,
        head: await head(5),
        anchor: genesis,
        legacyBoundary: 0,
        firstBad: undefined,
        checkpoint: verdict(forged, 'bad-signature'),
      });
      const foreign = sign({}, otherKeys.privateKey);
      expect((await db.chain.verify({ checkpoint: foreign })).checkpoint?.status).toBe('bad-signature');
      // With that key given, the same checkpoint matches.
      expect(await db.chain.verify({ checkpoint: foreign, publicKey: otherKeys.publicKey })).toMatchObject({
        ok: true,
        checkpoint: { status: 'matched' },
      });
      const pem = otherKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
      expect((await db.chain.verify({ checkpoint: foreign, publicKey: pem })).checkpoint?.status).toBe('matched');
    });

    it('says no-key without a key, and is never ok then', async () => {
      const keyless = await openChainDb({}, { signed: false });
      try {
        for (let n = 1; n <= 5; n++) await mint(keyless.audit, n);
        expect(await keyless.chain.checkpoint()).toBeUndefined();
        const own = { ...checkpoint, headSeq: 99 };
        expect(await keyless.chain.verify({ checkpoint: own })).toMatchObject({
          ok: false,
          rowsChecked: 5,
          firstBad: undefined,
          checkpoint: verdict(own, 'no-key'),
        });
      } finally {
        await keyless.close();
      }
    });
  });
});
