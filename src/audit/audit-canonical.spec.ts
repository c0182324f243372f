import { canonicalEntry, entryHash, GENESIS_HASH } from './audit-canonical.js';
import { MagicLinkAudit } from './magic-link-audit.entity.js';

// A fixed row and its hash: the canonical form is a published format (an outside verifier may
// recompute it), so any change to it must show up here and get a new version tag.
const row = Object.assign(new MagicLinkAudit(), {
  id: 42,
  createdAt: new Date(1_765_000_000_000),
  completedAt: new Date(1_765_000_000_250),
  userId: 'sub-ü-42',
  issuer: 'https://idp.example',
  userName: null,
  sessionIndex: '_s1',
  authnInstant: new Date(1_764_999_000_000),
  authnContext: 'amr=pwd,mfa',
  customerId: 'cus_1',
  channel: 'redirect',
  outcome: 'abandoned',
  errorCode: null,
  nomosRequestId: 'req_1',
  linkFingerprint: 'a'.repeat(64),
  linkHost: 'acme.customerportal.energy',
  mintAttempts: 2,
  durationMs: 250,
  clientIp: '10.0.0.1',
  userAgent: 'UA "quoted"\n',
  requestId: 'r-1',
} satisfies Partial<MagicLinkAudit>);
const entry = { seq: 7, kind: 'complete' as const, createdAt: new Date(1_765_000_000_251), outcome: 'issued' as const };

describe('the canonical form of a chain entry', () => {
  it('is the JSON array in the documented order, with the entry’s outcome, epoch ms and nulls', () => {
    expect(canonicalEntry(entry, row).toString('utf8')).toBe(
      '["nomos-audit-chain/1",7,"complete",1765000000251,42,"issued",1765000000000,1765000000250,' +
        '"sub-ü-42","https://idp.example",null,"_s1",1764999000000,"amr=pwd,mfa","cus_1","redirect",null,' +
        `"req_1","${'a'.repeat(64)}","acme.customerportal.energy",2,250,"10.0.0.1","UA \\"quoted\\"\\n","r-1"]`,
    );
  });

  it('hashes SHA-256(previous hash bytes || canonical bytes)', () => {
    expect(entryHash(GENESIS_HASH, entry, row)).toBe(entryHash(GENESIS_HASH, { ...entry }, { ...row }));
    // Computed apart from this code: sha256(32 zero bytes, then the UTF-8 text above).
    expect(entryHash(GENESIS_HASH, entry, row)).toBe(
      '0241573c4e27564747625bbc9277d94f06b2f4be2c283549d19909967c549e04',
    );
    // Every input moves the hash: the previous hash, the entry's own fields, a row field, null vs "".
    const base = entryHash(GENESIS_HASH, entry, row);
    expect(entryHash('1'.repeat(64), entry, row)).not.toBe(base);
    expect(entryHash(GENESIS_HASH, { ...entry, seq: 8 }, row)).not.toBe(base);
    expect(entryHash(GENESIS_HASH, { ...entry, outcome: 'failed' }, row)).not.toBe(base);
    expect(entryHash(GENESIS_HASH, entry, { ...row, userName: '' })).not.toBe(base);
  });
});
