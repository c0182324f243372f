// Found by `npm run test:mutation`: the history's paging (default and edge page sizes, the `next`
// cursor, the last page), its person and customer filters, and the exact refusals of a bad query.
import type { CustomerLinkEvent } from '../../../src/customer-links/customer-link-event.entity.js';
import { InvalidCustomerLinkError } from '../../../src/customer-links/customer-link.errors.js';
import type { LinkHistoryQuery } from '../../../src/customer-links/link-history.js';
import type { SqliteLinks } from './sqlite-links.js';
import { ISSUER, openSqliteLinks } from './sqlite-links.js';

const OTHER = 'https://other.example';
const LIMIT_RULE = 'limit must be a whole number from 1 to 1000';
const AFTER_RULE = 'after must be the next value of a previous page';

describe('CustomerLinkService.history (SQLite, migrated schema)', () => {
  let db: SqliteLinks;
  // History rows written straight to the table: the reads are under test, not the writes.
  const addEvents = async (rows: Array<Partial<CustomerLinkEvent>>) => {
    const saved = await db.events.save(
      rows.map((row) =>
        db.events.create({
          createdAt: new Date(1_700_000_000_000),
          issuer: ISSUER,
          userId: 'ada',
          userName: null,
          action: 'link',
          oldCustomerId: null,
          newCustomerId: 'cus_A',
          actorType: 'admin',
          actorId: null,
          channel: 'api',
          ...row,
        }),
      ),
    );
    return saved.map((event) => event.id);
  };
  const ids = async (query?: LinkHistoryQuery) => {
    const page = await db.service.history(query);
    return { ids: page.items.map((event) => event.id), next: page.next };
  };
  const refusal = async (query: unknown): Promise<[string, string]> => {
    // history() throws a bad person synchronously (it is not async); both ways count as a refusal.
    const error = await Promise.resolve()
      .then(() => db.service.history(query as LinkHistoryQuery))
      .then(
        () => {
          throw new Error('expected a refusal');
        },
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(InvalidCustomerLinkError);
    return [(error as InvalidCustomerLinkError).field, (error as Error).message];
  };

  beforeEach(async () => {
    db = await openSqliteLinks();
  });
  afterEach(() => db.dataSource.destroy());

  it('is empty, with no next page, before any change', async () => {
    expect(await db.service.history()).toEqual({ items: [], next: null });
  });

  it('gives the rows as stored, oldest first', async () => {
    await addEvents([{ userId: 'ada' }, { userId: 'bob', action: 'unlink', oldCustomerId: 'cus_A' }]);
    const { items } = await db.service.history();
    expect(items.map(({ createdAt: _at, ...event }) => event)).toEqual([
      {
        id: 1,
        issuer: ISSUER,
        userId: 'ada',
        userName: null,
        action: 'link',
        oldCustomerId: null,
        newCustomerId: 'cus_A',
        actorType: 'admin',
        actorId: null,
        channel: 'api',
      },
      expect.objectContaining({ id: 2, userId: 'bob', action: 'unlink', oldCustomerId: 'cus_A' }),
    ]);
    expect(items[0].createdAt).toEqual(new Date(1_700_000_000_000));
  });

  it('pages 100 at a time by default, `next` being the last id of a full page', async () => {
    const all = await addEvents(Array.from({ length: 101 }, () => ({})));
    expect(await ids()).toEqual({ ids: all.slice(0, 100), next: all[99] });
    expect(await ids({ after: all[99] })).toEqual({ ids: [all[100]], next: null });
  });

  it('has no next page when the last page is exactly full', async () => {
    const all = await addEvents([{}, {}, {}, {}]);
    expect(await ids({ limit: 2 })).toEqual({ ids: all.slice(0, 2), next: all[1] });
    expect(await ids({ limit: 2, after: all[1] })).toEqual({ ids: all.slice(2), next: null });
    expect(await ids({ limit: 4 })).toEqual({ ids: all, next: null });
    expect(await ids({ limit: 3, after: 0 })).toEqual({ ids: all.slice(0, 3), next: all[2] });
  });

  it('accepts page sizes 1 and 1000', async () => {
    const all = await addEvents([{}, {}]);
    expect(await ids({ limit: 1 })).toEqual({ ids: [all[0]], next: all[0] });
    expect(await ids({ limit: 1000 })).toEqual({ ids: all, next: null });
  });

  it('filters by person, a bare subject being at the module issuer', async () => {
    const [ada, , adaElsewhere, ada2] = await addEvents([
      { userId: 'ada' },
      { userId: 'bob' },
      { userId: 'ada', issuer: OTHER },
      { userId: 'ada', action: 'unlink', oldCustomerId: 'cus_A', newCustomerId: null },
    ]);
    expect(await ids({ person: 'ada' })).toEqual({ ids: [ada, ada2], next: null });
    expect(await ids({ person: { issuer: OTHER, subject: 'ada' } })).toEqual({ ids: [adaElsewhere], next: null });
    expect(await ids({ person: 'ada', limit: 1 })).toEqual({ ids: [ada], next: ada });
    expect(await ids({ person: 'ada', after: ada })).toEqual({ ids: [ada2], next: null });
    expect(await ids({ person: 'nobody' })).toEqual({ ids: [], next: null });
  });

  it('filters by customer, old or new', async () => {
    const [linkA, , moveAB, unlinkB] = await addEvents([
      { newCustomerId: 'cus_A' },
      { newCustomerId: 'cus_C', userId: 'cy' },
      { action: 'relink', oldCustomerId: 'cus_A', newCustomerId: 'cus_B' },
      { action: 'unlink', oldCustomerId: 'cus_B', newCustomerId: null },
    ]);
    expect(await ids({ customerId: 'cus_A' })).toEqual({ ids: [linkA, moveAB], next: null });
    expect(await ids({ customerId: 'cus_B' })).toEqual({ ids: [moveAB, unlinkB], next: null });
    expect(await ids({ customerId: 'cus_B', limit: 1 })).toEqual({ ids: [moveAB], next: moveAB });
    expect(await ids({ customerId: 'cus_B', after: moveAB })).toEqual({ ids: [unlinkB], next: null });
  });

  it('combines the person and customer filters', async () => {
    const [adaA, , , adaMove] = await addEvents([
      { userId: 'ada', newCustomerId: 'cus_A' },
      { userId: 'bob', newCustomerId: 'cus_A' },
      { userId: 'ada', issuer: OTHER, newCustomerId: 'cus_A' },
      { userId: 'ada', action: 'relink', oldCustomerId: 'cus_A', newCustomerId: 'cus_B' },
    ]);
    expect(await ids({ person: 'ada', customerId: 'cus_A' })).toEqual({ ids: [adaA, adaMove], next: null });
  });

  it.each([[0], [1001], [1.5], [-1], [Number.NaN], ['10']])('refuses the page size %p', async (limit) => {
    expect(await refusal({ limit })).toEqual(['limit', LIMIT_RULE]);
  });

  it.each([[-1], [0.5], [Number.MAX_SAFE_INTEGER + 1], [Number.POSITIVE_INFINITY], ['3']])(
    'refuses the cursor %p',
    async (after) => {
      expect(await refusal({ after })).toEqual(['after', AFTER_RULE]);
    },
  );

  it('refuses a malformed person or customer id', async () => {
    expect(await refusal({ person: '' })).toEqual(['userId', 'userId must be a non-empty string']);
    expect(await refusal({ person: { issuer: '', subject: 'ada' } })).toEqual([
      'issuer',
      'issuer must be a non-empty string of at most 1024 characters',
    ]);
    expect(await refusal({ customerId: '' })).toEqual(['customerId', 'customerId must be a non-empty string']);
    expect(await refusal({ customerId: 'cus 1' })).toEqual([
      'customerId',
      'customerId may contain only letters, digits, "_" and "-" (like a Nomos id such as cus_123)',
    ]);
  });
});
