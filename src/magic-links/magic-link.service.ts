import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { AuditService } from '../audit/index.js';
import { CustomerLinkService, EmailAutoLinkService, InvalidCustomerLinkError } from '../customer-links/index.js';
import type { MintMapping } from '../customer-links/index.js';
import type { PersonKey } from '../identity/index.js';
import { NomosAbortedError, NomosApiClient } from '../nomos-api/index.js';
import { passAssuranceGate } from './assurance-gate.js';
import { CustomerLookup } from './customer-lookup.js';
import { requestedDeepLink, withNext } from './deep-link.js';
import {
  ClientDisconnectedError,
  CustomerNotLinkedError,
  InvalidUserError,
  PersonRateLimitedError,
  PortalAccessEndedError,
} from './magic-link.errors.js';
import type { MagicLinkSubject } from './magic-link-subject.js';
import { checkSubject } from './magic-link-subject.js';
import type { MintContext, MintedLink } from './magic-link.types.js';
import { MintAudit } from './mint-audit.js';
import type { ResolvedMagicLinksOptions } from './magic-links.options.js';
import { MAGIC_LINKS_OPTIONS } from './magic-links.options.js';
import { auditCodeOf, auditOutcomeOf, toUnavailable } from './mint-failure.js';
import { PERSON_LIMIT_STORAGE, PersonLimit } from './person-limit.js';
import { InMemoryPersonLimitStorage } from './person-limit.memory-storage.js';
import { checkPortalLink } from './portal-link.js';
import { signupStepFor } from './signup-offer.js';

export type { MintContext, MintedLink } from './magic-link.types.js';

// How each refusal of the mapping is audited: a recycled name is told apart from a plain "not linked".
const DENIALS: Record<Exclude<MintMapping['status'], 'linked'>, string> = {
  suspended: 'CUSTOMER_SUSPENDED',
  'name-reused': 'IDENTITY_NAME_REUSED',
  unlinked: 'CUSTOMER_NOT_LINKED',
};

/**
 * The only caller of `POST /admin/magic_link`. Every request gets exactly one audit row, written
 * before Nomos is called and completed before the link is returned: a link whose audit row cannot be
 * completed is dropped, so no unaudited link ever leaves the server (invariant 1).
 */
@Injectable()
export class MagicLinkService {
  private readonly customers: CustomerLookup;
  private readonly personLimit: PersonLimit;
  private readonly logger = new Logger('NomosPortal');

  /** @param personLimitStorage where `portal.personRateLimit` counts; the module provides it (else: memory) */
  constructor(
    private readonly customerLinks: CustomerLinkService,
    private readonly autoLinker: EmailAutoLinkService,
    private readonly audit: AuditService,
    private readonly nomos: NomosApiClient,
    @Inject(MAGIC_LINKS_OPTIONS) private readonly options: ResolvedMagicLinksOptions,
    @Optional() @Inject(PERSON_LIMIT_STORAGE) personLimitStorage?: ThrottlerStorage,
  ) {
    this.customers = new CustomerLookup(customerLinks, autoLinker);
    const limit = options.personRateLimit ?? false;
    this.personLimit = new PersonLimit(
      limit,
      personLimitStorage ?? (limit ? new InMemoryPersonLimitStorage() : undefined),
    );
  }

  /**
   * Mints a link for the person's own customer, taken from the mapping table (invariant 3) or, when
   * `portal.autoLinkByEmail` is on, from the one Nomos customer with the person's email.
   * @param user the person (a `PortalUser` fits as is), or their bare app user id
   * @throws InvalidUserError (id unusable, audited `denied`), StepUpRequiredError (sign-in not strong
   *   or recent enough for the assurance gate, audited `denied`), CustomerNotLinkedError,
   *   CustomerLinkStoreError (mapping unreadable), PersonRateLimitedError (over `portal.personRateLimit`,
   *   audited `denied` / `RATE_LIMITED`), MagicLinkUnavailableError, PortalLinkRejectedError,
   *   ClientDisconnectedError (`context.signal` fired), AuditWriteError
   */
  async mintForUser(user: MagicLinkSubject | string, context: MintContext = {}): Promise<MintedLink> {
    const checked = checkSubject(user);
    if (!checked.ok) {
      // Before any lookup: such an id cannot be a mapping key, and PostgreSQL cannot even take NUL.
      await new MintAudit(this.audit, context).endedBeforeMint({ ...checked.auditEntry, outcome: 'denied' });
      throw checked.error;
    }
    const { subject } = checked;
    const person = this.personOf(subject);
    const { userName, authn } = subject;
    const audit = new MintAudit(this.audit, context, { issuer: person?.issuer, userName, authn });
    if (!person) {
      await audit.endedBeforeMint({ userId: subject.id, outcome: 'denied', errorCode: 'INVALID_USER' });
      throw new InvalidUserError('the issuer is not usable (empty, over 1024 characters or control characters)');
    }
    // Before any lookup, on every channel: a refused click costs one count and one audit row.
    const retryAfter = await this.personLimit.refusal(person);
    if (retryAfter !== undefined) {
      await audit.endedBeforeMint({ userId: subject.id, outcome: 'denied', errorCode: 'RATE_LIMITED' });
      throw new PersonRateLimitedError(retryAfter);
    }
    await passAssuranceGate(subject, this.options, audit);
    const mapping = await this.customers.find(person, subject, audit, this.autoLinker.enabled);
    if (mapping.status !== 'linked') {
      const errorCode = DENIALS[mapping.status];
      await audit.endedBeforeMint({ userId: subject.id, outcome: 'denied', errorCode });
      if (mapping.status === 'suspended') throw new PortalAccessEndedError();
      const { signup } = this.options;
      throw new CustomerNotLinkedError(signup && signupStepFor(signup, person, Date.now()));
    }
    return this.mint(mapping.link.customerId, subject.id, context, audit);
  }

  /**
   * Mints a link for any customer, for back-office callers that have checked the right to do so.
   * Audited like {@link mintForUser}; `actorId` is recorded as the user.
   */
  async mintForCustomer(customerId: string, context: MintContext & { actorId?: string } = {}): Promise<MintedLink> {
    return this.mint(customerId, context.actorId, context);
  }

  /** The person's mapping key: their own issuer, or the module's for a bare id; `undefined` if unusable. */
  private personOf(subject: MagicLinkSubject): PersonKey | undefined {
    try {
      return this.customerLinks.keyOf(
        subject.issuer === undefined ? subject.id : { issuer: subject.issuer, subject: subject.id },
      );
    } catch (error) {
      if (error instanceof InvalidCustomerLinkError) return undefined;
      throw error;
    }
  }

  /**
   * Audit, mint, check, audit. The person's `signal` is passed down to Nomos; when it fires, nothing
   * is sent and the row says `failed` (no link yet) or `abandoned` (a link was minted), never `issued`.
   */
  private async mint(
    customerId: string,
    userId: string | undefined,
    context: MintContext,
    audit = new MintAudit(this.audit, context),
  ): Promise<MintedLink> {
    const { signal } = context;
    const next = requestedDeepLink(context.next, this.options.deepLinkPaths ?? [], this.logger, context.requestId);
    const row = await audit.begin(userId, customerId);
    let minted: { link: string; requestId?: string };
    try {
      if (signal?.aborted) throw new NomosAbortedError();
      minted = await this.nomos.createMagicLink(customerId, {
        beforeAttempt: row.recordAttempt,
        onAttempt: row.countAttempt,
        requestId: context.requestId,
        signal,
      });
    } catch (error) {
      if (row.countWriteFailed) {
        // The audit could not count the call, so it was not sent: the audit's own failure is the answer.
        await row.finish({ outcome: 'failed', errorCode: 'AUDIT_UNAVAILABLE' }).catch(() => undefined);
        throw error;
      }
      if (error instanceof NomosAbortedError) {
        await row.finish({ outcome: 'failed', errorCode: 'CLIENT_DISCONNECTED' });
        throw new ClientDisconnectedError();
      }
      const failure = toUnavailable(error);
      const outcome = auditOutcomeOf(failure);
      await row.finish({ outcome, errorCode: auditCodeOf(failure), nomosRequestId: failure.nomosRequestId });
      throw failure;
    }
    let checked;
    try {
      checked = checkPortalLink(minted.link, this.options.allowedLinkHosts);
      const deepLink = next === undefined ? undefined : withNext(checked.href, next);
      // The rewritten link is what is sent, so it is checked again (invariant 4); same token.
      if (deepLink !== undefined) checked = checkPortalLink(deepLink, this.options.allowedLinkHosts);
    } catch (error) {
      await row.finish({ outcome: 'failed', errorCode: 'INVALID_PORTAL_LINK', nomosRequestId: minted.requestId });
      throw error;
    }
    const completion = {
      nomosRequestId: minted.requestId,
      linkFingerprint: checked.fingerprint,
      linkHost: checked.host,
    };
    if (signal?.aborted) {
      await row.finish({ outcome: 'abandoned', ...completion });
      throw new ClientDisconnectedError();
    }
    await row.finish({ outcome: 'issued', ...completion });
    if (signal?.aborted) {
      // Gone while the completion was written: the link is withheld, so the row must not say issued.
      await row.abandon();
      throw new ClientDisconnectedError();
    }
    return { link: checked.href, customerId, auditId: row.id };
  }
}
