// Found by `npm run test:mutation`: how often link() re-reads after a unique violation whose winner
// has vanished (three attempts, then the violation itself), and that any other insert error ends it
// at once. The entity manager is a small fake of the few methods the service calls.
import { QueryFailedError } from 'typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { CustomerLink } from '../../../src/customer-links/customer-link.entity.js';
import { CustomerLinkService } from '../../../src/customer-links/customer-link.service.js';

const uniqueViolation = () =>
  new QueryFailedError(
    'INSERT',
    [],
    Object.assign(new Error('UNIQUE constraint failed: x'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }),
  );

function fakeRepository(insertError: () => Error, type = 'postgres') {
  const calls = { transaction: 0, findOneBy: 0, insert: 0, delete: 0 };
  const manager = {
    dataSource: { options: { type } },
    transaction: async (work: (m: unknown) => Promise<unknown>) => {
      calls.transaction++;
      return work(manager);
    },
    findOneBy: async () => {
      calls.findOneBy++;
      return null;
    },
    create: (_entity: unknown, values: Partial<CustomerLink>) => ({ ...values }) as CustomerLink,
    insert: async () => {
      calls.insert++;
      throw insertError();
    },
    delete: async () => {
      calls.delete++;
      return { affected: undefined, raw: [] };
    },
  };
  const repo = { manager: manager as unknown as EntityManager };
  return { repo: repo as unknown as Repository<CustomerLink>, calls };
}

const service = (repo: Repository<CustomerLink>) => new CustomerLinkService(repo, { issuer: 'https://idp.example' });

describe('CustomerLinkService.link under repeated races', () => {
  it('gives up after three lost races, with the unique violation, each in its own transaction', async () => {
    const { repo, calls } = fakeRepository(uniqueViolation);
    const error = await service(repo)
      .link('ada', 'cus_1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryFailedError);
    expect((error as QueryFailedError).message).toBe('UNIQUE constraint failed: x');
    expect(calls).toEqual({ transaction: 3, findOneBy: 3, insert: 3, delete: 0 });
  });

  it('stops at the first error that is not a unique violation', async () => {
    const disk = new Error('disk I/O error');
    const { repo, calls } = fakeRepository(() => disk);
    await expect(service(repo).link('ada', 'cus_1')).rejects.toBe(disk);
    expect(calls.insert).toBe(1);
  });

  it('reports nothing unlinked when there is no link, without deleting', async () => {
    const { repo, calls } = fakeRepository(uniqueViolation);
    expect(await service(repo).unlink('ada')).toBe(false);
    expect(calls.delete).toBe(0);
  });

  it('runs SQLite changes one after the other, never two transactions at once', async () => {
    const { repo } = fakeRepository(uniqueViolation, 'better-sqlite3');
    let open = 0;
    let most = 0;
    const manager = repo.manager as unknown as { transaction: (work: (m: unknown) => Promise<unknown>) => unknown };
    const inner = manager.transaction;
    manager.transaction = async (work) => {
      open++;
      most = Math.max(most, open);
      try {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return await inner(work);
      } finally {
        open--;
      }
    };
    const linking = new CustomerLinkService(repo, { issuer: 'https://idp.example' });
    await Promise.allSettled([linking.link('a', 'cus_1'), linking.link('b', 'cus_2'), linking.unlink('c')]);
    expect(most).toBe(1);
  });
});
