import { Inject, Injectable, Logger } from '@nestjs/common';
import { logValue } from '../common/log-value.js';
import type { PersonKey } from '../identity/index.js';
import { NomosApiClient } from '../nomos-api/index.js';
import type { CustomerLink } from './customer-link.entity.js';
import { CustomerLinkService } from './customer-link.service.js';
import type { ResolvedCustomerLinksOptions } from './customer-links.options.js';
import { CUSTOMER_LINKS_OPTIONS } from './customer-links.options.js';
import { emailKey } from './email-match.js';

/**
 * Links a user to the Nomos customer with the same email, when exactly one has it. Only for emails
 * the identity provider vouches for: whoever controls the email gets that customer's portal.
 * Emails are compared as plain ASCII (see {@link emailKey}); the log lines never print the email.
 */
@Injectable()
export class EmailAutoLinkService {
  private readonly logger = new Logger('NomosPortal');

  constructor(
    private readonly links: CustomerLinkService,
    private readonly nomos: NomosApiClient,
    @Inject(CUSTOMER_LINKS_OPTIONS) private readonly options: ResolvedCustomerLinksOptions,
  ) {}

  /** Whether `portal.autoLinkByEmail` is on at all; {@link linkByEmail} still checks the domain. */
  get enabled(): boolean {
    return this.options.autoLinkByEmail !== false;
  }

  /**
   * @returns the new link, or `null` when the email may not be auto-linked (not plain ASCII, a domain
   *   outside `portal.autoLinkByEmail.domains`) or when no customer or more than one has it
   * @throws NomosApiError when Nomos cannot be asked; CustomerLinkConflictError if linked meanwhile
   */
  async linkByEmail(person: PersonKey, email: string, userName?: string): Promise<CustomerLink | null> {
    const userId = person.subject;
    const wanted = emailKey(email);
    if (!wanted) return this.refuse(userId, 'the email is not a plain ASCII address');
    const setting = this.options.autoLinkByEmail;
    const domains = setting === false ? [] : setting.domains;
    if (domains !== null && !domains.includes(wanted.domain)) {
      return this.refuse(userId, 'the email domain is not in portal.autoLinkByEmail.domains');
    }
    const page = await this.nomos.listCustomers({ email: wanted.address, limit: 2 });
    // Nomos may ignore a filter or match it more loosely than we do (case folding, collation), so the
    // match is decided here, by the same ASCII rule for its side: a Nomos email with anything but
    // plain ASCII matches nobody. With more pages than one, the answer is ambiguous either way.
    const matches = page.items.filter((customer) => emailKey(customer.email)?.address === wanted.address);
    if (matches.length !== 1 || page.has_more) {
      return this.refuse(userId, matches.length === 0 ? 'no customer matches' : 'more than one customer matches');
    }
    const link = await this.links.link(person, matches[0].id, {
      source: 'email-match',
      createdBy: 'auto-link',
      actor: { type: 'system', id: 'auto-link' },
      channel: 'auto-link',
      userName,
    });
    this.logger.log(`auto-linked user ${logValue(userId)} to customer ${logValue(link.customerId)} by email`);
    return link;
  }

  private refuse(userId: string, reason: string): null {
    this.logger.log(`auto-link by email for user ${logValue(userId)}: ${reason}`);
    return null;
  }
}
