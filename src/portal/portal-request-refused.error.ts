import { NomosPortalError } from '../errors/index.js';

/**
 * Why a request for a link was refused before anything was minted or audited (invariant 8).
 * - `SPECULATIVE_LOAD`: a prefetch or prerender (answered `204`, so the browser discards it and
 *   makes a real request when the person actually navigates).
 * - `NOT_A_NAVIGATION`: `GET /portal` from a frame, a sub-resource, a script or a `HEAD`.
 * - `NOT_AN_API_REQUEST`: `POST /portal/link` that a page could send without CORS (a form, a
 *   beacon, a no-cors fetch): neither `Content-Type: application/json` nor `X-Nomos-Portal`.
 * - `CROSS_ORIGIN_REQUEST`: `POST /portal/link` whose `Origin` is neither the app's own nor listed
 *   in `portal.allowedOrigins`.
 */
export type PortalRefusalCode = 'SPECULATIVE_LOAD' | 'NOT_A_NAVIGATION' | 'NOT_AN_API_REQUEST' | 'CROSS_ORIGIN_REQUEST';

/** A request for a link that was not a deliberate one; nothing was minted and no audit row written. */
export class PortalRequestRefusedError extends NomosPortalError {
  /** `204` for speculative loads, `403` otherwise. */
  readonly status: 204 | 403;

  constructor(
    readonly code: PortalRefusalCode,
    readonly reason: string,
  ) {
    super(`Portal request refused (${code}): ${reason}`);
    this.status = code === 'SPECULATIVE_LOAD' ? 204 : 403;
  }
}
