import type { PortalRefusalCode } from '../errors/index.js';
import { NomosPortalError } from '../errors/index.js';

/** A request for a link that was not a deliberate one; nothing was minted and no audit row written. */
export class PortalRequestRefusedError extends NomosPortalError {
  /** `204` for speculative loads, `403` otherwise (as the error table answers them). */
  readonly status: 204 | 403;

  constructor(
    /** Which rule refused it (see {@link PortalRefusalCode}). */
    readonly code: PortalRefusalCode,
    /** Why, safe to log: never the request's content. */
    readonly reason: string,
  ) {
    super(`Portal request refused (${code}): ${reason}`);
    this.status = code === 'SPECULATIVE_LOAD' ? 204 : 403;
  }
}
