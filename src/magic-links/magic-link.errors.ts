import type { MagicLinkUnavailableCode } from '../errors/index.js';
import { NomosPortalError } from '../errors/index.js';
import type { NextStep } from '../errors/index.js';

/** The person has no Nomos customer mapped to their app user id. */
export class CustomerNotLinkedError extends NomosPortalError {
  readonly code = 'CUSTOMER_NOT_LINKED';
  /** @param nextStep the host's signup for this person, when `portal.signup` is set */
  constructor(override readonly nextStep?: NextStep) {
    super('No energy account is linked to this user yet');
  }
}

/**
 * The person's link is suspended (they left the company, or an admin or SCIM client suspended it):
 * no link until it is restored. Audited `denied` / `CUSTOMER_SUSPENDED`; the portal answers 403.
 */
export class PortalAccessEndedError extends NomosPortalError {
  readonly code = 'CUSTOMER_SUSPENDED';
  constructor() {
    super('The link of this user to an energy account is suspended');
  }
}

/** What a {@link MagicLinkUnavailableError} carries besides its code. */
export interface MagicLinkUnavailableDetails {
  /** Whether trying again later may help (timeouts, 429, 5xx). */
  retryable: boolean;
  /** The code Nomos answered with, when it sent one and it says more than `code` (for logs and the audit). */
  nomosCode?: string;
  /** The Nomos request id, to quote to Nomos support. */
  nomosRequestId?: string;
  /** The Nomos client's error. */
  cause?: unknown;
  /** When trying again should work, in whole seconds (sent as `Retry-After`), when known. */
  retryAfterSeconds?: number;
}

/**
 * Nomos could not mint a link. `code` is one of the fixed {@link MagicLinkUnavailableCode}s, chosen
 * from the Nomos client's error; Nomos's own code is `nomosCode`. Carries what is safe to show and
 * log, never the upstream body.
 */
export class MagicLinkUnavailableError extends NomosPortalError {
  /** Whether trying again later may help (timeouts, 429, 5xx). */
  readonly retryable: boolean;
  /** The code Nomos answered with (`SERVICE_UNAVAILABLE`, `NOT_FOUND`, …), when it sent one. */
  readonly nomosCode?: string;
  /** The Nomos request id, when Nomos sent one. */
  readonly nomosRequestId?: string;
  /** When trying again should work, in whole seconds (the error filter sends it as `Retry-After`). */
  readonly retryAfterSeconds?: number;

  constructor(
    readonly code: MagicLinkUnavailableCode,
    details: MagicLinkUnavailableDetails,
  ) {
    super(
      `The energy portal is unavailable (${code})`,
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.retryable = details.retryable;
    this.nomosCode = details.nomosCode;
    this.nomosRequestId = details.nomosRequestId;
    if (details.retryAfterSeconds !== undefined) this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

/** Nomos answered with a link we refuse to send anyone to (not https, foreign host, no token). */
export class PortalLinkRejectedError extends NomosPortalError {
  readonly code = 'INVALID_PORTAL_LINK';
  constructor(reason: string) {
    super(`Nomos returned a link that is not a portal link: ${reason}`);
  }
}

/**
 * The signed-in person's user id cannot be a mapping key (empty, over 255 characters, control
 * characters, malformed Unicode), so nothing was looked up. Audited `denied` / `INVALID_USER`; the
 * portal answers 400. The message never contains the id.
 */
export class InvalidUserError extends NomosPortalError {
  readonly code = 'INVALID_USER';
  constructor(reason: string) {
    super(`The signed-in user id cannot be used: ${reason}`);
  }
}

/**
 * The person went away (their HTTP connection closed) before the link could be handed over. Nothing
 * was sent; the audit row says `abandoned` when Nomos had minted a link, `failed` when it had not.
 */
export class ClientDisconnectedError extends NomosPortalError {
  readonly code = 'CLIENT_DISCONNECTED';
  constructor() {
    super('The client disconnected before the link could be delivered');
  }
}

/**
 * The person asked for more links than `portal.personRateLimit` allows in its window. Nothing was
 * looked up or minted; audited `denied` / `RATE_LIMITED`; the portal answers 429 with
 * `Retry-After: retryAfterSeconds`. Its code is `PERSON_RATE_LIMITED`, so that it is never taken for
 * Nomos refusing the whole app (`RATE_LIMITED`, 503).
 */
export class PersonRateLimitedError extends NomosPortalError {
  readonly code = 'PERSON_RATE_LIMITED';
  constructor(
    /** Seconds until this person may ask again (at least 1). */
    readonly retryAfterSeconds: number,
  ) {
    super(`Too many links asked for by this person; try again in ${retryAfterSeconds} s`);
  }
}
