// Found by `npm run test:mutation`: a checkpoint's signed bytes, its key id, every field the shape check refuses.
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import {
  auditKeyId,
  checkpointPayload,
  checkpointSignatureValid,
  isCheckpoint,
  signCheckpoint,
} from '../../../src/audit/audit-checkpoint.js';
import type { AuditCheckpoint } from '../../../src/index.js';
import { keys, otherKeys } from './chain-db.js';

const content = {
  headSeq: 12,
  headHash: 'a'.repeat(64),
  rowCount: 7,
  anchorSeq: 5,
  anchorHash: '0123456789abcdef'.repeat(4),
  time: 1_767_225_600_000,
  keyId: 'key-1',
};

describe('audit checkpoints', () => {
  const checkpoint: AuditCheckpoint = signCheckpoint(content, keys.privateKey);

  it('signs the fields in a fixed order, tagged with the version', () => {
    expect(checkpointPayload(content).toString('utf8')).toBe(
      `["nomos-audit-checkpoint/1",12,"${'a'.repeat(64)}",7,5,"${content.anchorHash}",1767225600000,"key-1"]`,
    );
    expect(checkpoint).toStrictEqual({
      version: 'nomos-audit-checkpoint/1',
      ...content,
      signature: expect.any(String),
    });
    expect(Buffer.from(checkpoint.signature, 'base64')).toHaveLength(64);
  });

  it('derives the key id from the public key, whichever half it is given', () => {
    const spki = keys.publicKey.export({ type: 'spki', format: 'der' });
    const expected = createHash('sha256').update(spki).digest('hex').slice(0, 16);
    expect(auditKeyId(keys.publicKey)).toBe(expected);
    expect(auditKeyId(keys.privateKey)).toBe(expected);
    expect(auditKeyId(otherKeys.publicKey)).not.toBe(expected);
  });

  it('checks the signature with a public key, a private key or PEM', () => {
    expect(checkpointSignatureValid(checkpoint, keys.publicKey)).toBe(true);
    expect(checkpointSignatureValid(checkpoint, keys.privateKey)).toBe(true);
    expect(
      checkpointSignatureValid(checkpoint, keys.publicKey.export({ type: 'spki', format: 'pem' }).toString()),
    ).toBe(true);
    expect(
      checkpointSignatureValid(checkpoint, keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
    ).toBe(true);
  });

  it('refuses a changed field, another key, a non-Ed25519 key, a bad PEM, or a bad shape', () => {
    for (const change of [
      { headSeq: 13 },
      { headHash: 'b'.repeat(64) },
      { rowCount: 8 },
      { anchorSeq: 4 },
      { anchorHash: 'c'.repeat(64) },
      { time: content.time + 1 },
      { keyId: 'key-2' },
      { signature: signCheckpoint({ ...content, headSeq: 1 }, keys.privateKey).signature },
    ]) {
      expect(checkpointSignatureValid({ ...checkpoint, ...change }, keys.publicKey)).toBe(false);
    }
    expect(checkpointSignatureValid(checkpoint, otherKeys.publicKey)).toBe(false);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(checkpointSignatureValid(checkpoint, ec.publicKey)).toBe(false);
    // Even a checkpoint that key did sign: only Ed25519 counts.
    const ecSigned = {
      ...checkpoint,
      signature: sign(null, checkpointPayload(content), ec.privateKey).toString('base64'),
    };
    expect(checkpointSignatureValid(ecSigned, ec.publicKey)).toBe(false);
    expect(checkpointSignatureValid(checkpoint, ec.publicKey.export({ type: 'spki', format: 'pem' }).toString())).toBe(
      false,
    );
    expect(checkpointSignatureValid(checkpoint, '-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----')).toBe(
      false,
    );
    expect(checkpointSignatureValid(JSON.stringify(checkpoint), keys.publicKey)).toBe(false);
  });

  it('accepts the shape at its limits', () => {
    expect(isCheckpoint(checkpoint)).toBe(true);
    const limits = {
      headSeq: 0,
      anchorSeq: 0,
      rowCount: 0,
      time: 0,
      keyId: 'k'.repeat(128),
      signature: 's'.repeat(256),
    };
    expect(isCheckpoint({ ...checkpoint, ...limits })).toBe(true);
    expect(isCheckpoint({ ...checkpoint, headSeq: Number.MAX_SAFE_INTEGER })).toBe(true);
  });

  it.each([
    ['version', 'nomos-audit-checkpoint/2'],
    ['version', undefined],
    ['headSeq', -1],
    ['headSeq', 1.5],
    ['headSeq', '12'],
    ['headSeq', Number.MAX_SAFE_INTEGER + 1],
    ['anchorSeq', -1],
    ['anchorSeq', '5'],
    ['rowCount', Number.NaN],
    ['rowCount', -2],
    ['time', 1.25],
    ['time', null],
    ['headHash', 'A'.repeat(64)],
    ['headHash', 'a'.repeat(63)],
    ['headHash', 'a'.repeat(65)],
    ['headHash', `g${'a'.repeat(64)}`],
    ['headHash', `${'a'.repeat(64)}g`],
    ['headHash', 42],
    ['anchorHash', 'a'.repeat(63)],
    ['anchorHash', `${'0'.repeat(64)}\n`],
    ['anchorHash', null],
    ['keyId', 'k'.repeat(129)],
    ['keyId', 7],
    ['signature', 's'.repeat(257)],
    ['signature', undefined],
  ])('refuses %s = %p', (field, value) => {
    expect(isCheckpoint({ ...checkpoint, [field]: value })).toBe(false);
    expect(checkpointSignatureValid({ ...checkpoint, [field]: value }, keys.publicKey)).toBe(false);
  });

  it('refuses what is not an object', () => {
    for (const value of [null, undefined, 'checkpoint', 12, true]) expect(isCheckpoint(value)).toBe(false);
  });
});
