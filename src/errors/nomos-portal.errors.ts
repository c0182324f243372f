/**
 * Base class of every error this package throws, so host apps can catch them all with one
 * `instanceof` and still switch on the subclass.
 */
export class NomosPortalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = this.constructor.name;
  }
}

/** Thrown at start-up when an option is missing or malformed; the message names the option. */
export class NomosPortalConfigError extends NomosPortalError {}
