import { Inject, Injectable } from '@nestjs/common';
import type { AuditChannel } from '../audit/index.js';
import { AuditService } from '../audit/index.js';
import type { CustomerLink } from '../customer-links/index.js';
import { CustomerLinkService, EmailAutoLinkService } from '../customer-links/index.js';
import { NomosApiClient, NomosApiError } from '../nomos-api/index.js';
import type { ResolvedNomosPortalOptions } from '../nomos-portal.options.js';
import { NOMOS_PORTAL_OPTIONS } from '../nomos-portal.options.js';
import type { PortalUser } from '../saml/portal-user.js';
import { CustomerNotLinkedError, MagicLinkUnavailableError } from './magic-link.errors.js';
import { checkPortalLink } from './portal-link.js';

type AuditCompletion = Parameters<AuditService['complete']>[1];

/** Who asks and through what; all of it lands in the audit row. */
export interface MintContext {
  /** @default 'service' */
  channel?: AuditChannel;
  clientIp?: string;
  userAgent?: string;
  /** Correlation id, also sent to Nomos as `X-Request-Id`. */
  requestId?: string;
  /**
   * Aborted when the person is gone (the HTTP client disconnected): upstream work stops where it
   * can, and a link minted anyway is recorded `abandoned` instead of `issued`.
   */
  signal?: AbortSignal;
}

/** A freshly minted link. Hand it to the person at once; never store, log or queue it. */
export interface MintedLink {
  link: string;
  customerId: string;
  auditId: number;
}

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
   * @throws CustomerNotLinkedError, MagicLinkUnavailableError, PortalLinkRejectedError, AuditWriteError
   */
  async mintForUser(user: PortalUser | string, context: MintContext = {}): Promise<MintedLink> {
    const userId = typeof user === 'string' ? user : user.id;
    const mapping = (await this.customerLinks.findByUser(userId)) ?? (await this.autoLink(user, context));
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

  /** The optional email auto-link; a Nomos failure here is audited and answered like a mint failure. */
  private async autoLink(user: PortalUser | string, context: MintContext): Promise<CustomerLink | null> {
    if (!this.options.portal.autoLinkByEmail || typeof user === 'string' || !user.email) return null;
    try {
      return await this.autoLinker.linkByEmail(user.id, user.email);
    } catch (error) {
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

  private async mint(customerId: string, userId: string | undefined, context: MintContext): Promise<MintedLink> {
    const started = performance.now();
    const row = await this.audit.begin({ ...this.auditFields(context), userId, customerId });
    let attempts = 0;
    const finish = (result: Omit<AuditCompletion, 'mintAttempts' | 'durationMs'>) =>
      this.audit.complete(row.id, { ...result, mintAttempts: attempts, durationMs: Math.round(performance.now() - started) });

    let minted: { link: string; requestId?: string };
    try {
      minted = await this.nomos.createMagicLink(customerId, { onAttempt: () => attempts++, requestId: context.requestId });
    } catch (error) {
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
    await finish({ outcome: 'issued', nomosRequestId: minted.requestId, linkFingerprint: checked.fingerprint, linkHost: checked.host });
    return { link: minted.link, customerId, auditId: row.id };
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

function toUnavailable(error: unknown): MagicLinkUnavailableError {
  if (error instanceof NomosApiError) {
    return new MagicLinkUnavailableError(error.code, error.retryable, error.requestId, { cause: error });
  }
  return new MagicLinkUnavailableError('INTERNAL_ERROR', false, undefined, { cause: error });
}
