// Found by `npm run test:mutation`: who unlinkedPeople lists, in which order and counts, which queries it refuses.
import { InvalidAuditQueryError } from '../../../src/index.js';
import type { MagicLinkAudit } from '../../../src/index.js';
import type { ChainDb } from './chain-db.js';
import { insertRow, openChainDb } from './chain-db.js';

describe('unlinkedPeople (SQLite)', () => {
  let db: ChainDb;
  const row = (t: number, userId: string | null, issuer: string | null, values: Partial<MagicLinkAudit> = {}) =>
    insertRow(db, {
      createdAt: new Date(t),
      userId,
      issuer,
      outcome: 'denied',
      errorCode: 'CUSTOMER_NOT_LINKED',
      ...values,
    });
  const refusal = (query: object) =>
    db.audit.unlinkedPeople(query).then(
      () => {
        throw new Error('expected a refusal');
      },
      (error: unknown) => {
        expect(error).toBeInstanceOf(InvalidAuditQueryError);
        const { field, message } = error as InvalidAuditQueryError;
        return { field, message };
      },
    );

  beforeEach(async () => {
    db = await openChainDb({}, { signed: false });
  });
  afterEach(() => db.close());

  it('lists nobody on an empty trail', async () => {
    expect(await db.audit.unlinkedPeople()).toEqual([]);
  });

  it('lists each refused person once, latest first, without those linked since', async () => {
    await row(1000, 'alice', 'A', { userName: 'alice.old' });
    await row(2000, 'alice', 'A', { userName: 'alice', errorCode: 'IDENTITY_NAME_REUSED' });
    await row(3000, 'bob', 'A');
    await row(4000, 'bob', 'A', { outcome: 'issued', errorCode: null });
    await row(5000, 'carol', 'B', { outcome: 'issued', errorCode: null });
    await row(6000, 'carol', 'B', { userName: 'carol' });
    await row(7000, 'dave', 'A', { errorCode: 'NOMOS_DOWN' });
    await row(8000, 'erin', 'A', { outcome: 'failed' });
    await row(9000, null, 'A');
    await row(10_000, 'alice', 'B');
    await row(11_000, 'alice', 'C', { outcome: 'issued', errorCode: null });

    const aliceB = {
      issuer: 'B',
      userId: 'alice',
      userName: null,
      attempts: 1,
      lastAttemptAt: new Date(10_000),
      lastErrorCode: 'CUSTOMER_NOT_LINKED',
    };
    const carol = {
      issuer: 'B',
      userId: 'carol',
      userName: 'carol',
      attempts: 1,
      lastAttemptAt: new Date(6000),
      lastErrorCode: 'CUSTOMER_NOT_LINKED',
    };
    const aliceA = {
      issuer: 'A',
      userId: 'alice',
      userName: 'alice',
      attempts: 2,
      lastAttemptAt: new Date(2000),
      lastErrorCode: 'IDENTITY_NAME_REUSED',
    };
    expect(await db.audit.unlinkedPeople()).toStrictEqual([aliceB, carol, aliceA]);
    expect(await db.audit.unlinkedPeople({ limit: 2 })).toStrictEqual([aliceB, carol]);
    expect(await db.audit.unlinkedPeople({ from: new Date(2000) })).toStrictEqual([
      aliceB,
      carol,
      { ...aliceA, attempts: 1 },
    ]);
    expect(await db.audit.unlinkedPeople({ from: new Date(2001), limit: 500 })).toStrictEqual([aliceB, carol]);
    expect(await db.audit.unlinkedPeople({ limit: 1 })).toStrictEqual([aliceB]);
  });

  it('refuses a limit outside 1 … 500 or not whole, and a from that is not a valid Date', async () => {
    const limit = { field: 'limit', message: 'limit must be a whole number from 1 to 500' };
    for (const bad of [0, -1, 501, 2.5, Number.NaN, '10']) expect(await refusal({ limit: bad })).toEqual(limit);
    const from = { field: 'from', message: 'from must be a valid Date' };
    for (const bad of [new Date(Number.NaN), '2026-01-01', 0, null]) expect(await refusal({ from: bad })).toEqual(from);
  });
});
