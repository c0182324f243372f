// Found by `npm run test:mutation`: how often link() re-reads after a unique violation whose winner
// has vanished (three attempts, then the violation itself), and that any other insert error ends it
// at once. The repository is a small fake of the four methods the service calls.
import { QueryFailedError } from 'typeorm';
import type { Repository } from 'typeorm';
import type { CustomerLink } from '../../../src/customer-links/customer-link.entity.js';
import { CustomerLinkService } from '../../../src/customer-links/customer-link.service.js';

const uniqueViolation = () =>
  new QueryFailedError(
    'INSERT',
    [],
    Object.assign(new Error('UNIQUE constraint failed: x'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }),
  );

function fakeRepository(insertError: () => Error) {
  const calls = { findOneBy: 0, insert: 0, delete: 0 };
  const repo = {
    findOneBy: async () => {
      calls.findOneBy++;
      return null;
    },
    create: (values: Partial<CustomerLink>) => ({ ...values }) as CustomerLink,
    insert: async () => {
      calls.insert++;
      throw insertError();
    },
    delete: async () => {
      calls.delete++;
      return { affected: undefined, raw: [] };
    },
  };
  return { repo: repo as unknown as Repository<CustomerLink>, calls };
}

describe('CustomerLinkService.link under repeated races', () => {
  it('gives up after three lost races, with the unique violation', async () => {
    const { repo, calls } = fakeRepository(uniqueViolation);
    const error = await new CustomerLinkService(repo).link('ada', 'cus_1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryFailedError);
    expect((error as QueryFailedError).message).toBe('UNIQUE constraint failed: x');
    expect(calls).toEqual({ findOneBy: 3, insert: 3, delete: 0 });
  });

  it('stops at the first error that is not a unique violation', async () => {
    const disk = new Error('disk I/O error');
    const { repo, calls } = fakeRepository(() => disk);
    await expect(new CustomerLinkService(repo).link('ada', 'cus_1')).rejects.toBe(disk);
    expect(calls.insert).toBe(1);
  });

  it('reports nothing unlinked when the driver gives no count', async () => {
    const { repo, calls } = fakeRepository(uniqueViolation);
    expect(await new CustomerLinkService(repo).unlink('ada')).toBe(false);
    expect(calls.delete).toBe(1);
  });
});
