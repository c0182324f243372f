import { CustomerNotLinkedError, MagicLinkUnavailableError } from '../index.js';
import { FakeMagicLinkService } from './fake-magic-link.service.js';

describe('FakeMagicLinkService', () => {
  it('mints for mapped users, refuses the others like the real service and records every call', async () => {
    const links = new FakeMagicLinkService({ customers: { 'user-1': 'cus_1' } }).linkCustomer('user-2', 'cus_2');
    await expect(links.mintForUser({ id: 'user-1' }, { channel: 'redirect' })).resolves.toEqual({
      link: 'https://fake.customerportal.localhost/auth/confirm?token_hash=fake_1&type=magiclink&next=%2Foverview',
      customerId: 'cus_1',
      auditId: 1,
    });
    await expect(links.mintForUser('user-2')).resolves.toMatchObject({ customerId: 'cus_2', auditId: 2 });
    await expect(links.mintForUser('nobody')).rejects.toBeInstanceOf(CustomerNotLinkedError);
    await expect(links.mintForCustomer('cus_9', { actorId: 'admin' })).resolves.toMatchObject({ customerId: 'cus_9' });
    expect(links.calls).toEqual([
      { method: 'mintForUser', user: { id: 'user-1' }, context: { channel: 'redirect' } },
      { method: 'mintForUser', user: 'user-2', context: {} },
      { method: 'mintForUser', user: 'nobody', context: {} },
      { method: 'mintForCustomer', customerId: 'cus_9', context: { actorId: 'admin' } },
    ]);
  });

  it('throws queued failures in order, then mints again, with a link the test chose', async () => {
    const unavailable = new MagicLinkUnavailableError('NOMOS_UNAVAILABLE', { retryable: true });
    const links = new FakeMagicLinkService({ customers: { u: 'cus_1' }, link: (id, n) => `https://x.test/${id}/${n}` });
    links.failNext(unavailable);
    await expect(links.mintForUser('u')).rejects.toBe(unavailable);
    await expect(links.mintForUser('u')).resolves.toMatchObject({ link: 'https://x.test/cus_1/1' });
  });
});
