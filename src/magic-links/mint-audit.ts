import type { AuditCompletion, AuditService } from '../audit/index.js';
import type { PortalUserAuthn } from '../identity/index.js';
import type { MintContext } from './magic-link.types.js';
import { recordMintOutcome } from '../telemetry/index.js';

/** Who signed in, as each audit row of the request records it; a `PortalUser` fits as is. */
export interface MintAuditPerson {
  issuer?: string;
  userName?: string;
  authn?: PortalUserAuthn;
}

/** How a request ended that never reached a mint call: refused, or failed on the way. */
export interface EndedBeforeMint {
  userId: string | null;
  outcome: 'denied' | 'failed';
  errorCode: string;
  nomosRequestId?: string;
}

/**
 * The audit bookkeeping of one request for a link (invariant 1): the fields all its rows share,
 * a single-write row when it ends before any mint, or the `pending` row around a mint.
 */
export class MintAudit {
  /**
   * @param person who signed in: issuer, sign-in name and sign-in session land on every row (the
   *   subject is the `userId` each write names); omitted for back-office mints without a person
   */
  constructor(
    private readonly audit: AuditService,
    private readonly context: MintContext,
    private readonly person?: MintAuditPerson,
  ) {}

  /** One row, written at once: nothing was minted and no mint call was made. */
  async endedBeforeMint(end: EndedBeforeMint): Promise<void> {
    await this.audit.record({ ...this.fields(), ...end, mintAttempts: 0, durationMs: 0 });
    recordMintOutcome(end.outcome, end.errorCode);
  }

  /**
   * The row for an unreadable mapping table. The audit table may live on while the mapping table
   * fails (or not at all, when the whole database is down): try, and let the caller answer with the
   * store error either way.
   */
  async storeFailure(userId: string): Promise<void> {
    await this.endedBeforeMint({ userId, outcome: 'failed', errorCode: 'DATABASE_UNAVAILABLE' }).catch(() => undefined);
  }

  /** Writes the `pending` row; Nomos must not be called before this resolves. */
  async begin(userId: string | undefined, customerId: string): Promise<PendingMint> {
    // The duration covers the begin write too.
    const started = performance.now();
    // The first mint call's durable count rides on the insert; later calls write their own.
    const row = await this.audit.begin({ ...this.fields(), userId, customerId }, { attemptCounted: true });
    return new PendingMint(this.audit, row.id, started, 1);
  }

  private fields() {
    // Read field by field: a plain-JS host may hand over anything, and the audit checks each value.
    const person: MintAuditPerson = typeof this.person === 'object' && this.person !== null ? this.person : {};
    return {
      issuer: person.issuer,
      userName: person.userName,
      authn: person.authn,
      channel: this.context.channel ?? ('service' as const),
      clientIp: this.context.clientIp,
      userAgent: this.context.userAgent,
      requestId: this.context.requestId,
    };
  }
}

/**
 * A `pending` row: counts the mint calls made for it (durably before each is sent, exactly in
 * memory once it is) and completes it once.
 */
export class PendingMint {
  private attempts = 0;
  private countFailed = false;

  constructor(
    private readonly audit: AuditService,
    /** The audit row id, returned to the caller as `auditId`. */
    readonly id: number,
    private readonly started: number,
    /** Calls already counted durably (by the insert), so not written again before they go out. */
    private prepaid = 0,
  ) {}

  /**
   * Writes one more attempt to the row before a mint call goes out; hand it to the client as
   * `beforeAttempt`. When the write fails the call is not sent ({@link countWriteFailed}).
   */
  readonly recordAttempt = async (): Promise<void> => {
    if (this.prepaid > 0) {
      this.prepaid--;
      return;
    }
    try {
      await this.audit.countAttempt(this.id);
    } catch (error) {
      this.countFailed = true;
      throw error;
    }
  };

  /** Counts one mint call to Nomos as it goes out, retries included; hand it to the client as `onAttempt`. */
  readonly countAttempt = (): void => {
    this.attempts++;
  };

  /** Whether a call was held back because its attempt could not be written (the audit is failing). */
  get countWriteFailed(): boolean {
    return this.countFailed;
  }

  /**
   * Completes the row with the calls that went out (the durable count may be one higher, for a call
   * held back after it was written) and the time since {@link MintAudit.begin}.
   */
  finish(result: Omit<AuditCompletion, 'mintAttempts' | 'durationMs'>): Promise<void> {
    const durationMs = Math.round(performance.now() - this.started);
    const done = this.audit.complete(this.id, { ...result, mintAttempts: this.attempts, durationMs });
    return done.then(() => recordMintOutcome(result.outcome, result.errorCode));
  }

  /** Turns an `issued` row into `abandoned`: the link was withheld after the completion was written. */
  abandon(): Promise<void> {
    // Counted again as `abandoned` (it was counted `issued` at finish): issued − abandoned = links delivered.
    return this.audit.abandon(this.id).then(() => recordMintOutcome('abandoned'));
  }
}
