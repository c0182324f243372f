// Found by `npm run test:mutation`: what EmailAutoLinkService asks Nomos (the ASCII key, two at
// most), which of its answers count as the one match (no email, non-ASCII, another page), that it
// asks nothing while off, and the history row of an auto-link (system actor, auto-link channel).
import { EmailAutoLinkService } from '../../../src/customer-links/email-auto-link.service.js';
import type { ResolvedAutoLinkByEmail } from '../../../src/customer-links/customer-links.options.js';
import type { NomosApiClient, NomosCustomer, NomosList } from '../../../src/nomos-api/index.js';
import type { SqliteLinks } from './sqlite-links.js';
import { ISSUER, openSqliteLinks } from './sqlite-links.js';

const customer = (id: string, email?: string): NomosCustomer => ({ object: 'customer', id, email });

describe('EmailAutoLinkService decisions (SQLite mapping, Nomos answers given)', () => {
  let db: SqliteLinks;
  let asked: unknown[];
  // Nomos is an HTTP service; this stands in for its client's one method the service calls.
  const autoLink = (
    answer: Partial<NomosList<NomosCustomer>>,
    setting: ResolvedAutoLinkByEmail = { domains: null },
  ) => {
    const nomos = {
      listCustomers: async (params: unknown) => {
        asked.push(params);
        return { object: 'list', items: [], has_more: false, ...answer };
      },
    } as unknown as NomosApiClient;
    return new EmailAutoLinkService(db.service, nomos, { autoLinkByEmail: setting, issuer: ISSUER });
  };
  const ada = () => db.service.keyOf('ada');

  beforeEach(async () => {
    db = await openSqliteLinks();
    asked = [];
  });
  afterEach(() => db.dataSource.destroy());

  it('asks Nomos for two customers by the lower-cased address and links the one match', async () => {
    const service = autoLink({ items: [customer('cus_A', 'Ada@Corp.Example')] });
    const link = await service.linkByEmail(ada(), '  ADA@corp.EXAMPLE\t', 'Ada.L@Corp.Example');
    expect(asked).toEqual([{ email: 'ada@corp.example', limit: 2 }]);
    expect(link).toMatchObject({
      issuer: ISSUER,
      userId: 'ada',
      customerId: 'cus_A',
      source: 'email-match',
      createdBy: 'auto-link',
      userName: 'ada.l@corp.example',
    });
    expect(await db.service.findByUser('ada')).toEqual(link);
    const events = await db.events.find();
    expect(events.map(({ id: _id, createdAt: _at, ...event }) => event)).toEqual([
      {
        issuer: ISSUER,
        userId: 'ada',
        userName: 'ada.l@corp.example',
        action: 'link',
        oldCustomerId: null,
        newCustomerId: 'cus_A',
        actorType: 'system',
        actorId: 'auto-link',
        channel: 'auto-link',
      },
    ]);
  });

  it('ignores customers without an email, with a non-ASCII one or another address', async () => {
    const service = autoLink({
      items: [
        customer('cus_NONE'),
        customer('cus_UNI', 'ad\u00e4@corp.example'),
        customer('cus_B', 'bob@corp.example'),
      ],
    });
    expect(await service.linkByEmail(ada(), 'ada@corp.example')).toBeNull();
    expect(await db.links.count()).toBe(0);
    const one = autoLink({ items: [customer('cus_NONE'), customer('cus_A', 'ada@corp.example')] });
    expect(await one.linkByEmail(ada(), 'ada@corp.example')).toMatchObject({ customerId: 'cus_A' });
  });

  it('links nobody when two customers match, or one does with another page behind it', async () => {
    const two = autoLink({ items: [customer('cus_A', 'ada@corp.example'), customer('cus_B', 'ADA@corp.example')] });
    expect(await two.linkByEmail(ada(), 'ada@corp.example')).toBeNull();
    const paged = autoLink({ items: [customer('cus_A', 'ada@corp.example')], has_more: true });
    expect(await paged.linkByEmail(ada(), 'ada@corp.example')).toBeNull();
    expect(await db.links.count()).toBe(0);
    expect(asked).toHaveLength(2);
  });

  it('asks nothing while off, nor for a domain outside the list or an address that is not plain ASCII', async () => {
    const answer = { items: [customer('cus_A', 'ada@corp.example')] };
    expect(await autoLink(answer, false).linkByEmail(ada(), 'ada@corp.example')).toBeNull();
    const listed = autoLink(answer, { domains: ['corp.example'] });
    expect(await listed.linkByEmail(ada(), 'ada@sub.corp.example')).toBeNull();
    expect(await listed.linkByEmail(ada(), 'ad\u00e4@corp.example')).toBeNull();
    expect(await listed.linkByEmail(ada(), 'not an address')).toBeNull();
    expect(asked).toEqual([]);
    expect(await listed.linkByEmail(ada(), 'Ada@Corp.Example')).toMatchObject({ customerId: 'cus_A' });
    expect(asked).toEqual([{ email: 'ada@corp.example', limit: 2 }]);
  });
});
