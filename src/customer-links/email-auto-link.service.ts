import { Injectable, Logger } from '@nestjs/common';
import { NomosApiClient } from '../nomos-api/index.js';
import type { CustomerLink } from './customer-link.entity.js';
import { CustomerLinkService } from './customer-link.service.js';

/**
 * Links a user to the Nomos customer with the same email, when exactly one has it. Only for emails
 * the identity provider vouches for: whoever controls the email gets that customer's portal.
 */
@Injectable()
export class EmailAutoLinkService {
  private readonly logger = new Logger('NomosPortal');

  constructor(
    private readonly links: CustomerLinkService,
    private readonly nomos: NomosApiClient,
  ) {}

  /**
   * @returns the new link, or `null` when no customer or more than one has this email
   * @throws NomosApiError when Nomos cannot be asked; CustomerLinkConflictError if linked meanwhile
   */
  async linkByEmail(userId: string, email: string): Promise<CustomerLink | null> {
    const wanted = email.trim().toLowerCase();
    if (!/^[^\s@]+@[^\s@]+$/.test(wanted)) return null;
    const page = await this.nomos.listCustomers({ email: wanted, limit: 2 });
    // Nomos ignores filters it does not know and answers with the unfiltered list, so the match is
    // checked here; with more pages than one, the answer is ambiguous either way.
    const matches = page.items.filter((customer) => customer.email?.trim().toLowerCase() === wanted);
    if (matches.length !== 1 || page.has_more) {
      this.logger.log(`auto-link by email for user ${userId}: ${matches.length === 0 ? 'no' : 'more than one'} customer matches`);
      return null;
    }
    const link = await this.links.link(userId, matches[0].id, { source: 'email-match', createdBy: 'auto-link' });
    this.logger.log(`auto-linked user ${userId} to customer ${link.customerId} by email`);
    return link;
  }
}
