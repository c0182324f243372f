import type { CustomerLink, CustomerLinkService, EmailAutoLinkService, MintMapping } from '../customer-links/index.js';
import { CustomerLinkStoreError } from '../customer-links/customer-link.errors.js';
import type { PersonKey } from '../identity/index.js';
import type { MagicLinkSubject } from './magic-link-subject.js';
import type { MintAudit } from './mint-audit.js';
import { auditCodeOf, toUnavailable } from './mint-failure.js';

/**
 * Finds the person's own customer (invariants 3 and 9): the mapping by (issuer, subject) first,
 * then, when `portal.autoLinkByEmail` is on and the person's name is not another subject's, the one
 * Nomos customer with their email. A failure on the way is audited before it is thrown, so the
 * request still has its row.
 */
export class CustomerLookup {
  constructor(
    private readonly customerLinks: CustomerLinkService,
    private readonly autoLinker: EmailAutoLinkService,
  ) {}

  /**
   * @returns what the mapping says; `unlinked` when the person has none and none could be made
   * @throws CustomerLinkStoreError (mapping unreadable), MagicLinkUnavailableError (auto-link's Nomos call failed)
   */
  async find(
    person: PersonKey,
    subject: MagicLinkSubject,
    audit: MintAudit,
    autoLinkByEmail: boolean,
  ): Promise<MintMapping> {
    const mapping = await this.lookUp(person, subject.userName, audit);
    if (mapping.status !== 'unlinked' || !autoLinkByEmail) return mapping;
    const link = await this.autoLink(person, subject, audit);
    return link ? { status: 'linked', link } : mapping;
  }

  /** A database failure is audited where the database still allows it, then answered 503. */
  private async lookUp(person: PersonKey, userName: string | undefined, audit: MintAudit): Promise<MintMapping> {
    try {
      return await this.customerLinks.resolveForMint(person, userName);
    } catch (error) {
      if (!(error instanceof CustomerLinkStoreError)) throw error;
      await audit.storeFailure(person.subject);
      throw error;
    }
  }

  /** A Nomos failure here is audited and answered like a mint failure. */
  private async autoLink(person: PersonKey, subject: MagicLinkSubject, audit: MintAudit): Promise<CustomerLink | null> {
    if (!subject.email) return null;
    try {
      return await this.autoLinker.linkByEmail(person, subject.email, subject.userName);
    } catch (error) {
      if (error instanceof CustomerLinkStoreError) {
        await audit.storeFailure(person.subject);
        throw error;
      }
      const failure = toUnavailable(error);
      await audit.endedBeforeMint({
        userId: person.subject,
        outcome: 'failed',
        errorCode: auditCodeOf(failure),
        nomosRequestId: failure.nomosRequestId,
      });
      throw failure;
    }
  }
}
