import { CustomerNotLinkedError } from '../index.js';
import type { MagicLinkService, MagicLinkSubject, MintContext, MintedLink } from '../index.js';
import { EMULATOR_PORTAL_DOMAIN } from './nomos-emulator/portal-url.js';

/** One call a {@link FakeMagicLinkService} received, in order. */
export type FakeMintCall =
  | { method: 'mintForUser'; user: MagicLinkSubject | string; context: MintContext }
  | { method: 'mintForCustomer'; customerId: string; context: MintContext & { actorId?: string } };

/** Options of a {@link FakeMagicLinkService}. */
export interface FakeMagicLinkServiceOptions {
  /** Customer id per app user id (the mapping table of the real service). @default {} */
  customers?: Record<string, string>;
  /**
   * The link handed out for a customer; `n` counts the links minted (1, 2, …).
   * @default `https://fake.customerportal.localhost/auth/confirm?token_hash=fake_<n>&type=magiclink&next=%2Foverview`
   */
  link?: (customerId: string, n: number) => string;
}

/**
 * A stand-in for `MagicLinkService` in a host's unit tests: the same two methods, no database, no
 * Nomos. It records every call in {@link calls}, answers with a fake link for mapped users (and
 * `CustomerNotLinkedError` for the others, like the real service), and throws what
 * {@link failNext} queued. Provide it in place of the real one:
 * @example
 * const links = new FakeMagicLinkService({ customers: { 'user-42': 'cus_1' } });
 * Test.createTestingModule({
 *   controllers: [MyController],
 *   providers: [{ provide: MagicLinkService, useValue: links }],
 * });
 */
export class FakeMagicLinkService implements Pick<MagicLinkService, 'mintForUser' | 'mintForCustomer'> {
  /** Every call so far, oldest first. */
  readonly calls: FakeMintCall[] = [];
  private readonly customers: Map<string, string>;
  private readonly failures: unknown[] = [];
  private readonly linkFor: (customerId: string, n: number) => string;
  private minted = 0;

  constructor(options: FakeMagicLinkServiceOptions = {}) {
    this.customers = new Map(Object.entries(options.customers ?? {}));
    this.linkFor =
      options.link ??
      ((_customerId, n) =>
        `https://fake.${EMULATOR_PORTAL_DOMAIN}/auth/confirm?token_hash=fake_${n}&type=magiclink&next=%2Foverview`);
  }

  /** Maps an app user id to a customer id from now on. */
  linkCustomer(userId: string, customerId: string): this {
    this.customers.set(userId, customerId);
    return this;
  }

  /** The next call (of either method) throws `error` instead of minting; queued in order. */
  failNext(error: unknown): this {
    this.failures.push(error);
    return this;
  }

  /** Like the real one: the mapped customer's link, else `CustomerNotLinkedError`. */
  mintForUser(user: MagicLinkSubject | string, context: MintContext = {}): Promise<MintedLink> {
    this.calls.push({ method: 'mintForUser', user, context });
    const customerId = this.customers.get(typeof user === 'string' ? user : user.id);
    return this.answer(() => {
      if (customerId === undefined) throw new CustomerNotLinkedError();
      return customerId;
    });
  }

  /** Like the real one: a link for any customer. */
  mintForCustomer(customerId: string, context: MintContext & { actorId?: string } = {}): Promise<MintedLink> {
    this.calls.push({ method: 'mintForCustomer', customerId, context });
    return this.answer(() => customerId);
  }

  private async answer(customer: () => string): Promise<MintedLink> {
    if (this.failures.length > 0) throw this.failures.shift();
    const customerId = customer();
    this.minted += 1;
    return { link: this.linkFor(customerId, this.minted), customerId, auditId: this.minted };
  }
}
