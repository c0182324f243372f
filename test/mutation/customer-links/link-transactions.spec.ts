// Found by `npm run test:mutation`: which drivers get their link changes run one after the other
// (every single-connection SQLite driver, found under `dataSource` or else `connection`), that a
// failed change does not stop the next, and that other drivers run changes side by side.
import type { EntityManager } from 'typeorm';
import { LinkTransactions } from '../../../src/customer-links/link-transactions.js';

// A stand-in of the one method LinkTransactions calls: each transaction waits until released, so
// the test sees how many were open at once.
function managerOf(source: { dataSource?: unknown; connection?: unknown }) {
  const seen = { open: 0, most: 0, started: 0 };
  const manager = {
    ...source,
    transaction: async <T>(work: (m: EntityManager) => Promise<T>): Promise<T> => {
      seen.open++;
      seen.started++;
      seen.most = Math.max(seen.most, seen.open);
      try {
        for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
        return await work(manager as unknown as EntityManager);
      } finally {
        seen.open--;
      }
    },
  };
  return { manager: manager as unknown as EntityManager, seen };
}

const typed = (type: string) => ({ options: { type } });

async function mostAtOnce(source: { dataSource?: unknown; connection?: unknown }): Promise<number> {
  const { manager, seen } = managerOf(source);
  const writes = new LinkTransactions(manager);
  const results = await Promise.all([1, 2, 3].map((n) => writes.run(async () => n)));
  expect(results).toEqual([1, 2, 3]);
  expect(seen.started).toBe(3);
  return seen.most;
}

describe('LinkTransactions', () => {
  it.each([['better-sqlite3'], ['sqljs'], ['sqlite'], ['capacitor'], ['cordova'], ['expo']])(
    'runs %s changes one at a time',
    async (type) => {
      expect(await mostAtOnce({ dataSource: typed(type) })).toBe(1);
    },
  );

  it.each([['postgres'], ['mysql'], ['SQLITE'], ['']])('runs %j changes side by side', async (type) => {
    expect(await mostAtOnce({ dataSource: typed(type) })).toBe(3);
  });

  it('falls back to `connection` (TypeORM 0.3) and prefers `dataSource` when both are there', async () => {
    expect(await mostAtOnce({ connection: typed('better-sqlite3') })).toBe(1);
    expect(await mostAtOnce({ dataSource: typed('postgres'), connection: typed('better-sqlite3') })).toBe(3);
    expect(await mostAtOnce({ dataSource: typed('better-sqlite3'), connection: typed('postgres') })).toBe(1);
  });

  it('starts the next SQLite change after one fails, still one at a time', async () => {
    const { manager, seen } = managerOf({ dataSource: typed('better-sqlite3') });
    const writes = new LinkTransactions(manager);
    const failure = new Error('disk I/O error');
    const [first, second, third] = await Promise.allSettled([
      writes.run(async () => {
        throw failure;
      }),
      writes.run(async () => 'second'),
      writes.run(async () => 'third'),
    ]);
    expect(first).toEqual({ status: 'rejected', reason: failure });
    expect(second).toEqual({ status: 'fulfilled', value: 'second' });
    expect(third).toEqual({ status: 'fulfilled', value: 'third' });
    expect(seen.most).toBe(1);
    // The tail swallowed the failure: a later change still runs and answers.
    await expect(writes.run(async () => 'later')).resolves.toBe('later');
  });
});
