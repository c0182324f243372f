import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { EntitySql } from '../common/entity-sql.js';
import type { PersonKey } from '../identity/index.js';
import { CustomerLinkEvent } from './customer-link-event.entity.js';
import { CustomerLink } from './customer-link.entity.js';
import type { CustomerLinkSource, CustomerLinkStatus } from './customer-link.entity.js';
import { CustomerLinkStoreError } from './customer-link.errors.js';
import { assertCreatedBy, assertCustomerId, assertSource } from './customer-link.validation.js';
import type { ResolvedCustomerLinksOptions } from './customer-links.options.js';
import { CUSTOMER_LINKS_OPTIONS } from './customer-links.options.js';
import type { LinkHistoryPage, LinkHistoryQuery } from './link-history.js';
import { readHistory } from './link-history.js';
import type { LinkChangeOptions } from './link-change.js';
import { checkChange } from './link-change.js';
import { changeStatus, insertLink, moveLink, removeLink } from './link-writes.js';
import { LinkTransactions } from './link-transactions.js';
import type { MintMapping } from './mint-mapping.js';
import { resolveMintMapping } from './mint-mapping.js';
import type { PersonRef } from './person-ref.js';
import { personKeyOf, userNameKey } from './person-ref.js';

/** Options of {@link CustomerLinkService.link}. */
export interface LinkCustomerOptions extends LinkChangeOptions {
  /**
   * How the link came to exist.
   * @default 'manual'
   */
  source?: CustomerLinkSource;
  /**
   * Who made the link (an admin's user id, an import job name).
   * @default null
   */
  createdBy?: string | null;
}

/**
 * Maps people to Nomos customers: the only source of the customer id a person may open the portal
 * for (invariant 3), keyed by (issuer, subject) (invariant 9). Every change is written with its
 * history row in one transaction; every method validates its arguments before touching the database.
 */
@Injectable()
export class CustomerLinkService {
  private readonly writes: LinkTransactions;
  private readonly sql?: EntitySql<CustomerLink>;

  constructor(
    @InjectRepository(CustomerLink) private readonly links: Repository<CustomerLink>,
    @Inject(CUSTOMER_LINKS_OPTIONS) private readonly options: Pick<ResolvedCustomerLinksOptions, 'issuer'>,
  ) {
    this.writes = new LinkTransactions(links.manager);
    this.sql = EntitySql.of(links.manager, CustomerLink);
  }

  /**
   * The checked key of a person; a bare subject is taken at the module's own issuer.
   * @throws InvalidCustomerLinkError when malformed
   */
  keyOf(person: PersonRef): PersonKey {
    return personKeyOf(person, this.options.issuer);
  }

  /**
   * Links the person to `customerId`. Linking the same pair again returns the existing link unchanged.
   * Safe under concurrency: of racing calls for one person, exactly one customer wins.
   * @throws InvalidCustomerLinkError when an argument is malformed (nothing is written)
   * @throws CustomerLinkConflictError when the person is already linked to another customer
   */
  async link(person: PersonRef, customerId: string, options: LinkCustomerOptions = {}): Promise<CustomerLink> {
    const key = this.keyOf(person);
    const source = options.source ?? 'manual';
    assertCustomerId(customerId);
    assertSource(source);
    assertCreatedBy(options.createdBy);
    const change = checkChange(options, options.createdBy ?? null);
    const fields = { source, createdBy: options.createdBy ?? null, userName: userNameKey(options.userName) };
    return insertLink(this.writes, key, customerId, fields, change);
  }

  /**
   * Moves the person's link to `customerId` (or links them when they have none).
   * @returns the link as it is now
   * @throws InvalidCustomerLinkError when an argument is malformed
   */
  async relink(person: PersonRef, customerId: string, options: LinkCustomerOptions = {}): Promise<CustomerLink> {
    const key = this.keyOf(person);
    assertCustomerId(customerId);
    const moved = await moveLink(this.writes, key, customerId, checkChange(options));
    return moved ?? this.link(key, customerId, options);
  }

  /**
   * Removes the person's link, if any.
   * @returns whether a link was removed
   * @throws InvalidCustomerLinkError when the person is malformed
   */
  async unlink(person: PersonRef, options: LinkChangeOptions = {}): Promise<boolean> {
    const key = this.keyOf(person);
    return removeLink(this.writes, key, checkChange(options));
  }

  /**
   * Stops the person's link from being used (they left); the row stays, for {@link restore}.
   * @returns whether an active link was suspended
   */
  async suspend(person: PersonRef, options: LinkChangeOptions = {}): Promise<boolean> {
    return this.setStatus(person, 'suspended', options);
  }

  /** @returns whether a suspended link was made active again */
  async restore(person: PersonRef, options: LinkChangeOptions = {}): Promise<boolean> {
    return this.setStatus(person, 'active', options);
  }

  /**
   * The person's link (active or suspended), or `null`. Validates before any query, so a malformed
   * id never reaches the database.
   * @throws InvalidCustomerLinkError when the person is malformed
   * @throws CustomerLinkStoreError when the database fails (down, connection lost, table missing)
   */
  async findByUser(person: PersonRef): Promise<CustomerLink | null> {
    const key = this.keyOf(person);
    try {
      return await this.links.findOneBy({ issuer: key.issuer, userId: key.subject });
    } catch (error) {
      // Whatever the driver: TypeORM's QueryFailedError, a closed pool, a destroyed DataSource.
      throw new CustomerLinkStoreError({ cause: error });
    }
  }

  /**
   * Every link to the customer, oldest first (a household may share one customer).
   * @throws InvalidCustomerLinkError when `customerId` is malformed
   */
  async findByCustomer(customerId: string): Promise<CustomerLink[]> {
    assertCustomerId(customerId);
    return this.links.find({ where: { customerId }, order: { id: 'ASC' } });
  }

  /**
   * What a sign-in may mint for: the person's own link, found by their key (keeping `userName` up to
   * date), or a legacy row claimed for them; never a link of another subject with the same name.
   * @throws CustomerLinkStoreError when the database fails
   */
  resolveForMint(person: PersonKey, userName?: string): Promise<MintMapping> {
    return resolveMintMapping(this.links, this.writes, person, userNameKey(userName), this.sql).catch(
      (error: unknown) => {
        throw error instanceof CustomerLinkStoreError ? error : new CustomerLinkStoreError({ cause: error });
      },
    );
  }

  /**
   * The link history, oldest first, a page at a time: of one person, of one customer, or all.
   * @throws InvalidCustomerLinkError when the query is malformed
   */
  async history(query: LinkHistoryQuery = {}): Promise<LinkHistoryPage> {
    const person = query.person === undefined ? undefined : this.keyOf(query.person);
    return readHistory(this.links.manager.getRepository(CustomerLinkEvent), { ...query, person });
  }

  private async setStatus(person: PersonRef, status: CustomerLinkStatus, options: LinkChangeOptions): Promise<boolean> {
    return changeStatus(this.writes, this.keyOf(person), status, checkChange(options));
  }
}
