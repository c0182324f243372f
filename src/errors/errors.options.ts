import type { Request } from 'express';
import type { PortalErrorPageRenderer } from './error-page.js';

/** What the exception filter needs from the module's options (the root provides this slice). */
export interface NomosErrorOptions {
  /**
   * Renders the page browsers get (the host's `portal.renderErrorPage`).
   * @default renderPortalErrorPage
   */
  renderErrorPage?: PortalErrorPageRenderer;
  /**
   * Where a browser that must sign in (`SIGN_IN_REQUIRED` on a `GET`) is redirected, with its
   * way back; `undefined` (or no function) answers the 401 "Please sign in" page instead.
   * @default none
   */
  signInUrl?: (request: Request) => string | undefined;
  /**
   * Where a browser the assurance gate refused (`AUTHN_CONTEXT_INSUFFICIENT`, `AUTHN_TOO_OLD` on a
   * `GET`) is sent to sign in again with ForceAuthn, once (see `step-up-cookie.ts`); `undefined`
   * answers the page instead.
   * @default none
   */
  stepUpUrl?: (request: Request) => string | undefined;
}

/**
 * Injection token of the {@link NomosErrorOptions}. Optional: the filter works without it (the
 * built-in page, no sign-in redirect), e.g. on a host route outside the module's injector.
 */
export const NOMOS_ERROR_OPTIONS = Symbol('NOMOS_ERROR_OPTIONS');
