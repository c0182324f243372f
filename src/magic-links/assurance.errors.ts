import type { AssuranceRefusalCode } from '../errors/index.js';
import { NomosPortalError } from '../errors/index.js';

/**
 * The sign-in is not strong enough (`AUTHN_CONTEXT_INSUFFICIENT`) or not recent enough
 * (`AUTHN_TOO_OLD`) for `portal.requireAuthnContext` / `portal.maxAuthAgeMs`; nothing was looked up
 * or minted, and the request is audited `denied` with the code. The portal answers 401, and sends a
 * browser's `GET` through the IdP again with ForceAuthn first.
 */
export class StepUpRequiredError extends NomosPortalError {
  constructor(
    readonly code: AssuranceRefusalCode,
    /** Which check failed, in fixed words (never a value from the sign-in): for the log line. */
    readonly reason: string,
  ) {
    super(`A stronger or more recent sign-in is needed: ${reason}`);
  }
}
