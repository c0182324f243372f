import type { Logger } from '@nestjs/common';
import { CustomerLinkConflictError, CustomerLinkService } from '../src/index.js';
import type { DemoPerson } from './demo-people.js';

/** One user → customer mapping to ensure at start. */
export interface SeedLink {
  userId: string;
  customerId: string;
}

/**
 * Links each pair unless it already is (idempotent at every start). A user linked to another
 * customer meanwhile is left alone and reported: the mapping table is the source of truth.
 */
export async function seedCustomerLinks(links: CustomerLinkService, pairs: SeedLink[], logger: Logger): Promise<void> {
  for (const { userId, customerId } of pairs) {
    try {
      await links.link(userId, customerId, { source: 'import', createdBy: 'intranet-example' });
    } catch (error) {
      if (!(error instanceof CustomerLinkConflictError)) throw error;
      logger.warn(`${userId} is already linked to another customer; left as it is`);
    }
  }
}

/** The demo people who have an emulator customer, as seed links. */
export function demoLinks(people: readonly DemoPerson[]): SeedLink[] {
  return people.flatMap((p) => (p.customerId ? [{ userId: p.nameId, customerId: p.customerId }] : []));
}
