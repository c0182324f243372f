// Found by `npm run test:mutation`: what relink, suspend, restore, unlink and link write on a
// migrated SQLite mapping (the row, its timestamps and the one history row with actor, channel and
// name), and that a change that changes nothing writes nothing.
import type { CustomerLink } from '../../../src/customer-links/customer-link.entity.js';
import { InvalidCustomerLinkError } from '../../../src/customer-links/customer-link.errors.js';
import type { SqliteLinks } from './sqlite-links.js';
import { insertRow, ISSUER, openSqliteLinks } from './sqlite-links.js';

const OTHER = 'https://other.example';

describe('CustomerLinkService changes (SQLite, migrated schema)', () => {
  let db: SqliteLinks;
  const history = async () =>
    (await db.events.find({ order: { id: 'ASC' } })).map(({ id: _id, createdAt: _at, ...event }) => event);
  const event = (fields: Record<string, unknown>) => ({
    issuer: ISSUER,
    userId: 'ada',
    userName: null,
    oldCustomerId: null,
    newCustomerId: null,
    actorType: 'admin',
    actorId: null,
    channel: 'api',
    ...fields,
  });
  const stored = (link: CustomerLink) => db.links.findOneByOrFail({ id: link.id });
  const lastEventAt = async () => (await db.events.find({ order: { id: 'DESC' }, take: 1 }))[0].createdAt;

  beforeEach(async () => {
    db = await openSqliteLinks();
  });
  afterEach(() => db.dataSource.destroy());

  describe('link', () => {
    it('records the link with the createdBy as actor id and the name lower-cased', async () => {
      const link = await db.service.link('ada', 'cus_A', { createdBy: 'admin-7', userName: ' Ada@Corp.Example ' });
      expect(await stored(link)).toEqual(link);
      expect(link).toMatchObject({
        issuer: ISSUER,
        userId: 'ada',
        customerId: 'cus_A',
        status: 'active',
        source: 'manual',
        createdBy: 'admin-7',
        userName: 'ada@corp.example',
        updatedAt: null,
        suspendedAt: null,
      });
      expect(await history()).toEqual([
        event({ action: 'link', newCustomerId: 'cus_A', actorId: 'admin-7', userName: 'ada@corp.example' }),
      ]);
      expect(await lastEventAt()).toEqual(link.createdAt);
    });

    it('records the given actor and channel', async () => {
      await db.service.link({ issuer: OTHER, subject: 'ada' }, 'cus_A', {
        source: 'webhook',
        createdBy: 'hook',
        actor: { type: 'webhook', id: 'evt_1' },
        channel: 'webhook',
      });
      expect(await history()).toEqual([
        event({
          issuer: OTHER,
          action: 'link',
          newCustomerId: 'cus_A',
          actorType: 'webhook',
          actorId: 'evt_1',
          channel: 'webhook',
        }),
      ]);
    });

    it('refuses a bad channel before writing anything', async () => {
      await expect(db.service.link('ada', 'cus_A', { channel: 'API' })).rejects.toMatchObject({ field: 'channel' });
      expect(await db.links.count()).toBe(0);
    });
  });

  describe('relink', () => {
    it('moves the link, keeps everything else, and records old and new customer', async () => {
      const link = await db.service.link('ada', 'cus_A', { source: 'import', userName: 'ada@corp.example' });
      const before = Date.now();
      const moved = await db.service.relink('ada', 'cus_B', { actor: { type: 'scim', id: 'okta' }, channel: 'scim' });
      expect(moved.updatedAt?.getTime()).toBeGreaterThanOrEqual(before);
      expect(moved).toEqual({ ...link, customerId: 'cus_B', updatedAt: moved.updatedAt });
      expect(await stored(link)).toEqual(moved);
      expect((await history()).slice(1)).toEqual([
        event({
          action: 'relink',
          oldCustomerId: 'cus_A',
          newCustomerId: 'cus_B',
          userName: 'ada@corp.example',
          actorType: 'scim',
          actorId: 'okta',
          channel: 'scim',
        }),
      ]);
      expect(await lastEventAt()).toEqual(moved.updatedAt);
    });

    it('changes nothing when the person is already at that customer', async () => {
      const link = await db.service.link('ada', 'cus_A');
      expect(await db.service.relink('ada', 'cus_A')).toEqual(link);
      expect(await stored(link)).toEqual(link);
      expect(await db.events.count()).toBe(1);
    });

    it('links a person who has no link, with the link options', async () => {
      const link = await db.service.relink('ada', 'cus_A', { source: 'import', createdBy: 'job-1', userName: 'ADA' });
      expect(link).toMatchObject({ customerId: 'cus_A', source: 'import', createdBy: 'job-1', userName: 'ada' });
      expect(await stored(link)).toEqual(link);
      expect(await history()).toEqual([
        event({ action: 'link', newCustomerId: 'cus_A', actorId: 'job-1', userName: 'ada' }),
      ]);
    });

    it('moves only the link of that issuer', async () => {
      const here = await db.service.link('ada', 'cus_A');
      const there = await db.service.link({ issuer: OTHER, subject: 'ada' }, 'cus_A');
      await db.service.relink({ issuer: OTHER, subject: 'ada' }, 'cus_B');
      expect((await stored(here)).customerId).toBe('cus_A');
      expect((await stored(there)).customerId).toBe('cus_B');
    });

    it('refuses a bad customer id or channel before any write', async () => {
      await db.service.link('ada', 'cus_A');
      const error = await db.service.relink('ada', 'cus B').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidCustomerLinkError);
      expect(error).toMatchObject({ field: 'customerId' });
      await expect(db.service.relink('ada', 'cus_B', { channel: '' })).rejects.toMatchObject({ field: 'channel' });
      await expect(db.service.relink('', 'cus_B')).rejects.toMatchObject({ field: 'userId' });
      expect((await db.service.findByUser('ada'))?.customerId).toBe('cus_A');
      expect(await db.events.count()).toBe(1);
    });
  });

  describe('suspend and restore', () => {
    it('suspends an active link once, with the time on both columns and a history row', async () => {
      const link = await db.service.link('ada', 'cus_A', { userName: 'ada@corp.example' });
      const before = Date.now();
      expect(await db.service.suspend('ada', { actor: { type: 'scim', id: 'okta' }, channel: 'scim' })).toBe(true);
      const suspended = await stored(link);
      expect(suspended.status).toBe('suspended');
      expect(suspended.suspendedAt?.getTime()).toBeGreaterThanOrEqual(before);
      expect(suspended.updatedAt).toEqual(suspended.suspendedAt);
      expect({ ...suspended, status: 'active', suspendedAt: null, updatedAt: null }).toEqual(link);
      expect((await history()).slice(1)).toEqual([
        event({
          action: 'suspend',
          oldCustomerId: 'cus_A',
          newCustomerId: 'cus_A',
          userName: 'ada@corp.example',
          actorType: 'scim',
          actorId: 'okta',
          channel: 'scim',
        }),
      ]);
      expect(await lastEventAt()).toEqual(suspended.updatedAt);
      expect(await db.service.suspend('ada')).toBe(false);
      expect(await stored(link)).toEqual(suspended);
      expect(await db.events.count()).toBe(2);
    });

    it('restores a suspended link once, clearing suspendedAt', async () => {
      const link = await db.service.link('ada', 'cus_A');
      expect(await db.service.restore('ada')).toBe(false);
      expect(await db.events.count()).toBe(1);
      await db.service.suspend('ada');
      const before = Date.now();
      expect(await db.service.restore('ada')).toBe(true);
      const restored = await stored(link);
      expect(restored).toMatchObject({ status: 'active', suspendedAt: null });
      expect(restored.updatedAt?.getTime()).toBeGreaterThanOrEqual(before);
      expect((await history()).slice(2)).toEqual([
        event({ action: 'restore', oldCustomerId: 'cus_A', newCustomerId: 'cus_A' }),
      ]);
      expect(await db.service.restore('ada')).toBe(false);
      expect(await db.events.count()).toBe(3);
    });

    it('changes nobody without a link, and only the link of that issuer', async () => {
      expect(await db.service.suspend('ada')).toBe(false);
      expect(await db.service.restore('ada')).toBe(false);
      const here = await db.service.link('ada', 'cus_A');
      expect(await db.service.suspend({ issuer: OTHER, subject: 'ada' })).toBe(false);
      expect(await stored(here)).toEqual(here);
      expect(await db.events.count()).toBe(1);
    });

    it('refuses a bad person or channel', async () => {
      await db.service.link('ada', 'cus_A');
      const attempt = (run: () => Promise<boolean>) => Promise.resolve().then(run);
      await expect(attempt(() => db.service.suspend('ada', { channel: 'Bad' }))).rejects.toMatchObject({
        field: 'channel',
      });
      await expect(attempt(() => db.service.restore(''))).rejects.toMatchObject({ field: 'userId' });
      expect((await db.service.findByUser('ada'))?.status).toBe('active');
    });
  });

  describe('unlink', () => {
    it('deletes the link and records its customer as the old one', async () => {
      const link = await db.service.link('ada', 'cus_A', { userName: 'ada@corp.example' });
      expect(await db.service.unlink('ada', { actor: { type: 'import', id: 'job-2' }, channel: 'import' })).toBe(true);
      expect(await db.links.findOneBy({ id: link.id })).toBeNull();
      expect((await history()).slice(1)).toEqual([
        event({
          action: 'unlink',
          oldCustomerId: 'cus_A',
          userName: 'ada@corp.example',
          actorType: 'import',
          actorId: 'job-2',
          channel: 'import',
        }),
      ]);
      expect(await db.service.unlink('ada')).toBe(false);
      expect(await db.events.count()).toBe(2);
    });

    it('deletes only the link of that issuer', async () => {
      await db.service.link('ada', 'cus_A');
      const there = await insertRow(db.links, { issuer: OTHER, userId: 'ada', customerId: 'cus_B' });
      expect(await db.service.unlink({ issuer: OTHER, subject: 'ada' })).toBe(true);
      expect(await db.links.findOneBy({ id: there.id })).toBeNull();
      expect((await db.service.findByUser('ada'))?.customerId).toBe('cus_A');
    });
  });
});
