import type { NomosPortalErrorCode } from './error-codes.js';

/**
 * Base class of every error this package throws, so host apps can catch them all with one
 * `instanceof` and switch on `code` (or the subclass). Each subclass has a fixed code from
 * {@link NomosPortalErrorCode}; `ERROR_ANSWERS` says how the exception filter answers it.
 */
export abstract class NomosPortalError extends Error {
  /** What went wrong, from the closed {@link NomosPortalErrorCode} list; stable for API clients. */
  abstract readonly code: NomosPortalErrorCode;

  /**
   * What the person can do next, when there is something (e.g. start a signup): shown as a link on
   * the error page and given as `nextStep` in the JSON answer. Built from configuration, never input.
   */
  readonly nextStep?: NextStep;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = this.constructor.name;
  }
}

/** A way forward an error answer offers: where to go, and the words of the link. */
export interface NextStep {
  readonly href: string;
  readonly label: string;
}

/** Thrown at start-up when an option is missing or malformed; the message names the option. */
export class NomosPortalConfigError extends NomosPortalError {
  readonly code = 'INVALID_CONFIG';
}

/**
 * A caller passed an argument this package cannot use (an empty id, for instance); nothing was
 * done. The message names the argument and never quotes its value.
 */
export class NomosPortalArgumentError extends NomosPortalError {
  readonly code = 'INVALID_ARGUMENT';
}
