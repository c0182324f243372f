import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CustomerLink } from './customer-link.entity.js';
import type { CustomerLinkSource } from './customer-link.entity.js';
import { CustomerLinkConflictError, CustomerLinkStoreError } from './customer-link.errors.js';
import { assertCreatedBy, assertCustomerId, assertSource, assertUserId } from './customer-link.validation.js';
import { isUniqueViolation } from '../common/database-errors.js';

/** Options of {@link CustomerLinkService.link}. */
export interface LinkCustomerOptions {
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

// Each retry follows a unique violation whose winner vanished before we could read it (a
// concurrent unlink); more than a couple in a row means something else is wrong.
const MAX_LINK_ATTEMPTS = 3;

/**
 * Maps app users to Nomos customers: the only source of the customer id a user may open the
 * portal for (invariant 3). Every method validates its arguments before touching the database.
 */
@Injectable()
export class CustomerLinkService {
  constructor(@InjectRepository(CustomerLink) private readonly links: Repository<CustomerLink>) {}

  /**
   * Links `userId` to `customerId`. Linking the same pair again returns the existing link unchanged.
   * Safe under concurrency: of racing calls for one user, exactly one customer wins.
   * @throws InvalidCustomerLinkError when an argument is malformed (nothing is written)
   * @throws CustomerLinkConflictError when the user is already linked to another customer
   */
  async link(userId: string, customerId: string, options: LinkCustomerOptions = {}): Promise<CustomerLink> {
    const source = options.source ?? 'manual';
    assertUserId(userId);
    assertCustomerId(customerId);
    assertSource(source);
    assertCreatedBy(options.createdBy);

    let lastError: unknown;
    for (let attempt = 0; attempt < MAX_LINK_ATTEMPTS; attempt++) {
      const existing = await this.links.findOneBy({ userId });
      if (existing) return sameCustomerOrConflict(existing, customerId);
      const link = this.links.create({
        userId,
        customerId,
        source,
        createdAt: new Date(),
        createdBy: options.createdBy ?? null,
      });
      try {
        // insert(), not save(): no implicit transaction, which SQLite's single connection would
        // interleave between concurrent callers; the unique index arbitrates instead.
        await this.links.insert(link);
        return link;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        lastError = error; // someone else linked this user meanwhile: re-read and compare
      }
    }
    throw lastError;
  }

  /**
   * Removes the user's link, if any.
   * @returns whether a link was removed
   * @throws InvalidCustomerLinkError when `userId` is malformed
   */
  async unlink(userId: string): Promise<boolean> {
    assertUserId(userId);
    const result = await this.links.delete({ userId });
    return (result.affected ?? 0) > 0;
  }

  /**
   * The user's link, or `null` when the user is not linked. Validates before any query, so a
   * malformed id never reaches the database.
   * @throws InvalidCustomerLinkError when `userId` is malformed
   * @throws CustomerLinkStoreError when the database fails (down, connection lost, table missing)
   */
  async findByUser(userId: string): Promise<CustomerLink | null> {
    assertUserId(userId);
    try {
      return await this.links.findOneBy({ userId });
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
}

function sameCustomerOrConflict(existing: CustomerLink, customerId: string): CustomerLink {
  if (existing.customerId === customerId) return existing;
  throw new CustomerLinkConflictError(existing.userId, existing.customerId);
}
