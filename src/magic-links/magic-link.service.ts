import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/index.js';
import type { CustomerLink } from '../customer-links/index.js';
import { CustomerLinkService, EmailAutoLinkService } from '../customer-links/index.js';
import { CustomerLinkStoreError } from '../customer-links/customer-link.errors.js';
import { NomosAbortedError, NomosApiClient } from '../nomos-api/index.js';
import type { ResolvedNomosPortalOptions } from '../nomos-portal.options.js';
import { NOMOS_PORTAL_OPTIONS } from '../nomos-portal.options.js';
import type { PortalUser } from '../identity/index.js';
import { ClientDisconnectedError, CustomerNotLinkedError } from './magic-link.errors.js';
import { checkPortalLink } from './portal-link.js';
import type { MintContext, MintedLink } from './magic-link.types.js';
import { toUnavailable } from './mint-failure.js';
import { checkUserId } from './user-id-check.js';

type AuditCompletion = Parameters<AuditService['complete']>[1];

export type { MintContext, MintedLink } from './magic-link.types.js';

/**
 * The only caller of `POST /admin/magic_link`. Every request gets exactly one audit row, written
 * before Nomos is called and completed before the link is returned: a link whose audit row cannot be
 * completed is dropped, so no unaudited link ever leaves the server (invariant 1).
 */
@Injectable()
export class MagicLinkService {
  constructor(
    private readonly customerLinks: CustomerLinkService,
    private readonly autoLinker: EmailAutoLinkService,
    private readonly audit: AuditService,
    private readonly nomos: NomosApiClient,
    @Inject(NOMOS_PORTAL_OPTIONS) private readonly options: ResolvedNomosPortalOptions,
  ) {}

  /**
   * Mints a link for the person's own customer, taken from the mapping table (invariant 3) or, when
   * `portal.autoLinkByEmail` is on, from the one Nomos customer with the person's email.
   * @throws InvalidUserError (id unusable, audited `denied`), CustomerNotLinkedError,
   *   CustomerLinkStoreError (mapping unreadable), MagicLinkUnavailableError, PortalLinkRejectedError,
   *   ClientDisconnectedError (`context.signal` fired), AuditWriteError
   */
  async mintForUser(user: PortalUser | string, context: MintContext = {}): Promise<MintedLink> {
    const userId = checkUserId(typeof user === 'string' ? user : user?.id);
    if (typeof userId !== 'string') {
      // Before any lookup: such an id cannot be a mapping key, and PostgreSQL cannot even take NUL.
      await this.audit.record({ ...this.auditFields(context), ...userId.auditEntry, outcome: 'denied', mintAttempts: 0, durationMs: 0 });
      throw userId.error;
    }
    const mapping = (await this.lookUp(userId, context)) ?? (await this.autoLink(user, context));
    if (!mapping) {
      await this.audit.record({
        ...this.auditFields(context),
        userId,
        outcome: 'denied',
        errorCode: 'CUSTOMER_NOT_LINKED',
        mintAttempts: 0,
        durationMs: 0,
      });
      throw new CustomerNotLinkedError();
    }
    return this.mint(mapping.customerId, userId, context);
  }

  /**
   * Mints a link for any customer, for back-office callers that have checked the right to do so.
   * Audited like {@link mintForUser}; `actorId` is recorded as the user.
   */
  async mintForCustomer(customerId: string, context: MintContext & { actorId?: string } = {}): Promise<MintedLink> {
    return this.mint(customerId, context.actorId, context);
  }

  /** The mapping lookup; a database failure is audited where the database still allows it, then answered 503. */
  private async lookUp(userId: string, context: MintContext): Promise<CustomerLink | null> {
    try {
      return await this.customerLinks.findByUser(userId);
    } catch (error) {
      if (!(error instanceof CustomerLinkStoreError)) throw error;
      await this.recordStoreFailure(userId, context);
      throw error;
    }
  }

  // The audit table may live on while the mapping table fails (or not at all, when the whole
  // database is down): try, and answer with the store error either way.
  private async recordStoreFailure(userId: string, context: MintContext): Promise<void> {
    await this.audit
      .record({ ...this.auditFields(context), userId, outcome: 'failed', errorCode: 'DATABASE_UNAVAILABLE', mintAttempts: 0, durationMs: 0 })
      .catch(() => undefined);
  }

  /** The optional email auto-link; a Nomos failure here is audited and answered like a mint failure. */
  private async autoLink(user: PortalUser | string, context: MintContext): Promise<CustomerLink | null> {
    if (!this.options.portal.autoLinkByEmail || typeof user === 'string' || !user.email) return null;
    try {
      return await this.autoLinker.linkByEmail(user.id, user.email);
    } catch (error) {
      if (error instanceof CustomerLinkStoreError) {
        await this.recordStoreFailure(user.id, context);
        throw error;
      }
      const failure = toUnavailable(error);
      await this.audit.record({
        ...this.auditFields(context),
        userId: user.id,
        outcome: 'failed',
        errorCode: failure.code,
        nomosRequestId: failure.nomosRequestId,
        mintAttempts: 0,
        durationMs: 0,
      });
      throw failure;
    }
  }

  /**
   * Audit, mint, check, audit. The person's `signal` is passed down to Nomos; when it fires, nothing
   * is sent and the row says `failed` (no link yet) or `abandoned` (a link was minted), never `issued`.
   */
  private async mint(customerId: string, userId: string | undefined, context: MintContext): Promise<MintedLink> {
    const started = performance.now();
    const { signal } = context;
    const row = await this.audit.begin({ ...this.auditFields(context), userId, customerId });
    let attempts = 0;
    const finish = (result: Omit<AuditCompletion, 'mintAttempts' | 'durationMs'>) =>
      this.audit.complete(row.id, { ...result, mintAttempts: attempts, durationMs: Math.round(performance.now() - started) });

    let minted: { link: string; requestId?: string };
    try {
      if (signal?.aborted) throw new NomosAbortedError();
      minted = await this.nomos.createMagicLink(customerId, { onAttempt: () => attempts++, requestId: context.requestId, signal });
    } catch (error) {
      if (error instanceof NomosAbortedError) {
        await finish({ outcome: 'failed', errorCode: 'CLIENT_DISCONNECTED' });
        throw new ClientDisconnectedError();
      }
      const failure = toUnavailable(error);
      await finish({ outcome: 'failed', errorCode: failure.code, nomosRequestId: failure.nomosRequestId });
      throw failure;
    }
    let checked;
    try {
      checked = checkPortalLink(minted.link, this.options.portal.allowedLinkHosts);
    } catch (error) {
      await finish({ outcome: 'failed', errorCode: 'INVALID_PORTAL_LINK', nomosRequestId: minted.requestId });
      throw error;
    }
    const completion = { nomosRequestId: minted.requestId, linkFingerprint: checked.fingerprint, linkHost: checked.host };
    if (signal?.aborted) {
      await finish({ outcome: 'abandoned', ...completion });
      throw new ClientDisconnectedError();
    }
    await finish({ outcome: 'issued', ...completion });
    if (signal?.aborted) {
      // Gone while the completion was written: the link is withheld, so the row must not say issued.
      await this.audit.abandon(row.id);
      throw new ClientDisconnectedError();
    }
    return { link: checked.href, customerId, auditId: row.id };
  }

  private auditFields(context: MintContext) {
    return {
      channel: context.channel ?? ('service' as const),
      clientIp: context.clientIp,
      userAgent: context.userAgent,
      requestId: context.requestId,
    };
  }
}
