// Found while writing the mutation set: a malformed call to any method of the mapping is a rejected
// promise, never a synchronous throw, so `.catch()` chains see it as `await` does.
import { InvalidCustomerLinkError } from '../../../src/customer-links/customer-link.errors.js';
import type { CustomerLinkService } from '../../../src/customer-links/customer-link.service.js';
import type { SqliteLinks } from './sqlite-links.js';
import { openSqliteLinks } from './sqlite-links.js';

describe('CustomerLinkService refusals are rejections', () => {
  let db: SqliteLinks;
  beforeAll(async () => {
    db = await openSqliteLinks();
  });
  afterAll(() => db.dataSource.destroy());

  it.each<[string, (service: CustomerLinkService) => Promise<unknown>]>([
    ['link', (s) => s.link('', 'cus_1')],
    ['relink', (s) => s.relink('', 'cus_1')],
    ['unlink', (s) => s.unlink('')],
    ['suspend', (s) => s.suspend('')],
    ['restore', (s) => s.restore('')],
    ['suspend with a bad channel', (s) => s.suspend('ada', { channel: 'Bad channel' })],
    ['findByUser', (s) => s.findByUser('')],
    ['findByCustomer', (s) => s.findByCustomer('')],
    ['history', (s) => s.history({ person: '' })],
  ])('%s', async (_name, call) => {
    let answer: Promise<unknown> | undefined;
    expect(() => {
      answer = call(db.service);
    }).not.toThrow();
    await expect(answer).rejects.toBeInstanceOf(InvalidCustomerLinkError);
  });
});
