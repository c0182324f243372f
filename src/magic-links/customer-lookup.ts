import type { CustomerLink, CustomerLinkService, EmailAutoLinkService } from '../customer-links/index.js';
import { CustomerLinkStoreError } from '../customer-links/customer-link.errors.js';
import type { MagicLinkSubject } from './magic-link-subject.js';
import type { MintAudit } from './mint-audit.js';
import { auditCodeOf, toUnavailable } from './mint-failure.js';

/**
 * Finds the person's own customer (invariant 3): the mapping table first, then, when
 * `portal.autoLinkByEmail` is on, the one Nomos customer with their email. A failure on the way is
 * audited before it is thrown, so the request still has its row.
 */
export class CustomerLookup {
  constructor(
    private readonly customerLinks: CustomerLinkService,
    private readonly autoLinker: EmailAutoLinkService,
  ) {}

  /**
   * @returns the mapping, or `null` when the person has none and none could be made
   * @throws CustomerLinkStoreError (mapping unreadable), MagicLinkUnavailableError (auto-link's Nomos call failed)
   */
  async find(subject: MagicLinkSubject, audit: MintAudit, autoLinkByEmail: boolean): Promise<CustomerLink | null> {
    return (await this.lookUp(subject.id, audit)) ?? (autoLinkByEmail ? await this.autoLink(subject, audit) : null);
  }

  /** A database failure is audited where the database still allows it, then answered 503. */
  private async lookUp(userId: string, audit: MintAudit): Promise<CustomerLink | null> {
    try {
      return await this.customerLinks.findByUser(userId);
    } catch (error) {
      if (!(error instanceof CustomerLinkStoreError)) throw error;
      await audit.storeFailure(userId);
      throw error;
    }
  }

  /** A Nomos failure here is audited and answered like a mint failure. */
  private async autoLink({ id: userId, email }: MagicLinkSubject, audit: MintAudit): Promise<CustomerLink | null> {
    if (!email) return null;
    try {
      return await this.autoLinker.linkByEmail(userId, email);
    } catch (error) {
      if (error instanceof CustomerLinkStoreError) {
        await audit.storeFailure(userId);
        throw error;
      }
      const failure = toUnavailable(error);
      await audit.endedBeforeMint({
        userId,
        outcome: 'failed',
        errorCode: auditCodeOf(failure),
        nomosRequestId: failure.nomosRequestId,
      });
      throw failure;
    }
  }
}
