// Found by `npm run test:mutation`: what resolveForMint answers on a migrated SQLite mapping (own,
// suspended, recycled name, unlinked), when it renames, how a legacy row is claimed (by subject or
// name, oldest first, with its `upgrade` history row) and what happens when the claim loses a race.
import type { Repository } from 'typeorm';
import { LEGACY_ISSUER } from '../../../src/identity/index.js';
import type { CustomerLink } from '../../../src/customer-links/customer-link.entity.js';
import { CustomerLinkStoreError } from '../../../src/customer-links/customer-link.errors.js';
import { CustomerLinkService } from '../../../src/customer-links/customer-link.service.js';
import { LinkTransactions } from '../../../src/customer-links/link-transactions.js';
import { resolveMintMapping } from '../../../src/customer-links/mint-mapping.js';
import type { SqliteLinks } from './sqlite-links.js';
import { insertRow, ISSUER, openSqliteLinks } from './sqlite-links.js';

const person = (subject: string, issuer = ISSUER) => ({ issuer, subject });

describe('resolveForMint (SQLite, migrated schema)', () => {
  let db: SqliteLinks;
  const history = async () =>
    (await db.events.find({ order: { id: 'ASC' } })).map(({ id: _id, createdAt: _at, ...event }) => event);

  const legacy = (row: Partial<CustomerLink>) => insertRow(db.links, { issuer: LEGACY_ISSUER, ...row });

  beforeEach(async () => {
    db = await openSqliteLinks();
  });
  afterEach(() => db.dataSource.destroy());

  describe('a person with a link of their own', () => {
    it('is linked to it, the name kept when none is given or it is the same', async () => {
      const own = await insertRow(db.links, { userId: 'sub-1', customerId: 'cus_A', userName: 'ada@corp.example' });
      const answer = await db.service.resolveForMint(person('sub-1'));
      expect(answer).toEqual({ status: 'linked', link: own });
      expect(await db.service.resolveForMint(person('sub-1'), ' ADA@corp.example ')).toEqual({
        status: 'linked',
        link: own,
      });
      expect(await db.links.findOneByOrFail({ id: own.id })).toEqual(own);
    });

    it('is suspended when the link is', async () => {
      const own = await insertRow(db.links, { userId: 'sub-1', customerId: 'cus_A', status: 'suspended' });
      expect(await db.service.resolveForMint(person('sub-1'))).toEqual({ status: 'suspended', link: own });
    });

    it('renames the link to the new sign-in name, lower-cased, without a history row', async () => {
      const own = await insertRow(db.links, { userId: 'sub-1', customerId: 'cus_A', userName: 'old@corp.example' });
      const before = Date.now();
      const answer = await db.service.resolveForMint(person('sub-1'), 'New@Corp.Example');
      expect(answer.status).toBe('linked');
      const link = (answer as { link: CustomerLink }).link;
      expect(link).toMatchObject({ id: own.id, customerId: 'cus_A', userName: 'new@corp.example' });
      const stored = await db.links.findOneByOrFail({ id: own.id });
      expect(stored.userName).toBe('new@corp.example');
      expect(stored.updatedAt?.getTime()).toBeGreaterThanOrEqual(before);
      expect({ ...stored, updatedAt: null, userName: own.userName }).toEqual(own);
      expect(await history()).toEqual([]);
    });

    it('is found by issuer and subject: the same subject elsewhere is not this person', async () => {
      await insertRow(db.links, { userId: 'sub-1', customerId: 'cus_A', issuer: 'https://other.example' });
      expect(await db.service.resolveForMint(person('sub-1'))).toEqual({ status: 'unlinked' });
    });
  });

  describe('a person without a link', () => {
    it('is told the name belongs to another subject at the same issuer', async () => {
      await insertRow(db.links, { userId: 'sub-1', customerId: 'cus_A', userName: 'ada@corp.example' });
      expect(await db.service.resolveForMint(person('sub-2'), 'Ada@Corp.Example')).toEqual({ status: 'name-reused' });
    });

    it('is unlinked when the name is only used at another issuer, or not given', async () => {
      await insertRow(db.links, { userId: 'sub-1', customerId: 'cus_A', userName: 'ada@corp.example' });
      await insertRow(db.links, {
        userId: 'sub-3',
        customerId: 'cus_B',
        userName: 'bob@corp.example',
        issuer: 'https://other.example',
      });
      expect(await db.service.resolveForMint(person('sub-2'), 'bob@corp.example')).toEqual({ status: 'unlinked' });
      expect(await db.service.resolveForMint(person('sub-2'))).toEqual({ status: 'unlinked' });
      expect(await db.service.resolveForMint(person('sub-2'), '   ')).toEqual({ status: 'unlinked' });
      expect(await db.links.count()).toBe(2);
    });
  });

  describe('a legacy row', () => {
    it('is claimed by the subject, with a relink history row through `upgrade` by the person', async () => {
      const old = await legacy({ userId: 'sub-1', customerId: 'cus_OLD' });
      const before = Date.now();
      const answer = await db.service.resolveForMint(person('sub-1'), 'Ada@Corp.Example');
      const claimed = await db.links.findOneByOrFail({ id: old.id });
      expect(claimed).toMatchObject({
        issuer: ISSUER,
        userId: 'sub-1',
        userName: 'ada@corp.example',
        customerId: 'cus_OLD',
        status: 'active',
      });
      expect(claimed.updatedAt?.getTime()).toBeGreaterThanOrEqual(before);
      expect(answer).toEqual({ status: 'linked', link: claimed });
      expect(await history()).toEqual([
        {
          issuer: ISSUER,
          userId: 'sub-1',
          userName: 'ada@corp.example',
          action: 'relink',
          oldCustomerId: 'cus_OLD',
          newCustomerId: 'cus_OLD',
          actorType: 'person',
          actorId: null,
          channel: 'upgrade',
        },
      ]);
      const [event] = await db.events.find();
      expect(event.createdAt).toEqual(claimed.updatedAt);
      // Claimed once: the next sign-in finds its own row and writes nothing.
      expect(await db.service.resolveForMint(person('sub-1'), 'ada@corp.example')).toEqual(answer);
      expect(await db.events.count()).toBe(1);
    });

    it('is claimed by the sign-in name, and stays suspended when it was', async () => {
      const old = await legacy({ userId: 'ada@corp.example', customerId: 'cus_OLD', status: 'suspended' });
      const answer = await db.service.resolveForMint(person('sub-1'), 'ADA@corp.example');
      expect(answer).toEqual({ status: 'suspended', link: await db.links.findOneByOrFail({ id: old.id }) });
      expect((answer as { link: CustomerLink }).link).toMatchObject({ issuer: ISSUER, userId: 'sub-1' });
    });

    it('keeps no name when the sign-in has none', async () => {
      const old = await legacy({ userId: 'sub-1', customerId: 'cus_OLD', userName: 'stale@corp.example' });
      await db.service.resolveForMint(person('sub-1'));
      expect(await db.links.findOneByOrFail({ id: old.id })).toMatchObject({ userId: 'sub-1', userName: null });
      expect((await db.events.find())[0].userName).toBeNull();
    });

    it('takes the oldest when both the subject and the name have one', async () => {
      const byName = await legacy({ userId: 'ada@corp.example', customerId: 'cus_NAME' });
      const bySubject = await legacy({ userId: 'sub-1', customerId: 'cus_SUBJECT' });
      const answer = await db.service.resolveForMint(person('sub-1'), 'ada@corp.example');
      expect((answer as { link: CustomerLink }).link).toMatchObject({ id: byName.id, customerId: 'cus_NAME' });
      expect(await db.links.findOneByOrFail({ id: bySubject.id })).toEqual(bySubject);
    });

    it('is not claimed by anyone whose subject and name are both different', async () => {
      const old = await legacy({ userId: 'someone', customerId: 'cus_OLD' });
      expect(await db.service.resolveForMint(person('sub-1'))).toEqual({ status: 'unlinked' });
      expect(await db.service.resolveForMint(person('sub-1'), 'ada@corp.example')).toEqual({ status: 'unlinked' });
      expect(await db.links.findOneByOrFail({ id: old.id })).toEqual(old);
      expect(await db.events.count()).toBe(0);
    });
  });

  describe('races and failures', () => {
    // The repository as a replica sees it: `override` replaces one read with what it saw earlier.
    const viewOf = (override: Partial<Repository<CustomerLink>>) =>
      Object.assign(Object.create(db.links) as Repository<CustomerLink>, override);

    it('writes nothing when another sign-in claimed the legacy row after it was read', async () => {
      const old = await legacy({ userId: 'sub-1', customerId: 'cus_OLD' });
      await db.service.resolveForMint(person('sub-1', 'https://first.example'));
      const claimedFirst = await db.links.findOneByOrFail({ id: old.id });
      const view = viewOf({ findOne: async () => old });
      const answer = await resolveMintMapping(view, new LinkTransactions(db.links.manager), person('sub-1'), null);
      expect(answer).toEqual({ status: 'unlinked' });
      expect(await db.links.findOneByOrFail({ id: old.id })).toEqual(claimedFirst);
      expect(await db.events.count()).toBe(1);
    });

    it('answers with its own row when it got one while claiming (the unique index refused the claim)', async () => {
      const old = await legacy({ userId: 'sub-1', customerId: 'cus_OLD' });
      const own = await insertRow(db.links, { userId: 'sub-1', customerId: 'cus_OWN' });
      let reads = 0;
      // The first look-up ran before the person's own row was committed.
      const view = viewOf({
        findOneBy: (where: never) => (reads++ === 0 ? Promise.resolve(null) : db.links.findOneBy(where)),
      });
      const answer = await resolveMintMapping(view, new LinkTransactions(db.links.manager), person('sub-1'), null);
      expect(answer).toEqual({ status: 'linked', link: own });
      expect(reads).toBe(2);
      expect(await db.links.findOneByOrFail({ id: old.id })).toEqual(old);
      expect(await db.events.count()).toBe(0);
    });

    it("never takes the person's own row for another subject's name, even after a stale read", async () => {
      await insertRow(db.links, { userId: 'sub-1', customerId: 'cus_OWN', userName: 'ada@corp.example' });
      let reads = 0;
      const view = viewOf({
        findOneBy: (where: never) => (reads++ === 0 ? Promise.resolve(null) : db.links.findOneBy(where)),
      });
      const writes = new LinkTransactions(db.links.manager);
      const answer = await resolveMintMapping(view, writes, person('sub-1'), 'ada@corp.example');
      expect(answer).toEqual({ status: 'unlinked' });
      expect(reads).toBe(2);
    });

    it('fails with CustomerLinkStoreError when the claim cannot be written, and claims nothing', async () => {
      const old = await legacy({ userId: 'sub-1', customerId: 'cus_OLD' });
      await db.dataSource.query('DROP TABLE "nomos_customer_link_events"');
      const error = await db.service.resolveForMint(person('sub-1')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CustomerLinkStoreError);
      expect((error as Error).message).toBe('The customer mapping could not be read: the database failed');
      expect((error as Error).cause).not.toBeInstanceOf(CustomerLinkStoreError);
      expect(String((error as Error).cause)).toContain('no such table: nomos_customer_link_events');
      expect(await db.links.findOneByOrFail({ id: old.id })).toEqual(old);
    });

    it('fails with CustomerLinkStoreError when the mapping cannot be read', async () => {
      await db.dataSource.query('DROP TABLE "nomos_customer_links"');
      const error = await db.service.resolveForMint(person('sub-1'), 'ada').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CustomerLinkStoreError);
      expect(String((error as Error).cause)).toContain('no such table: nomos_customer_links');
    });

    it('passes a CustomerLinkStoreError on as it is', async () => {
      const failure = new CustomerLinkStoreError({ cause: new Error('pool closed') });
      const view = viewOf({
        findOne: async () => {
          throw failure;
        },
      });
      await expect(new CustomerLinkService(view, { issuer: ISSUER }).resolveForMint(person('sub-1'))).rejects.toBe(
        failure,
      );
    });
  });
});
