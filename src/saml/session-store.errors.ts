import { NomosPortalError } from '../errors/index.js';

// Kept off the error object itself: Node's `util.inspect` (which Nest's ConsoleLogger uses for an
// error) prints `cause` and every own property, and a driver error quotes its SQL parameters.
const driverErrors = new WeakMap<SessionStoreError, unknown>();

/**
 * The session store's database query failed (`operation` names which). The message and the
 * properties never hold session ids or session data, so the error is safe to log wherever it ends
 * up (Nest's exception logger included). The driver's error is reachable through
 * {@link SessionStoreError.driverError} only, never as `cause`.
 */
export class SessionStoreError extends NomosPortalError {
  /** `SAML_STORE_UNAVAILABLE` (answered 503 with `Retry-After`). */
  readonly code = 'SAML_STORE_UNAVAILABLE';
  /** The driver's error code when it has one (`SQLITE_BUSY`, PostgreSQL SQLSTATE `55P03`, …). */
  readonly driverCode?: string;

  constructor(
    /** What the store was doing: `get`, `set`, `touch`, `destroy`, `length`, `clear` or `purge`. */
    readonly operation: string,
    driverError: unknown,
    reason = 'the database query failed',
  ) {
    super(`Session store ${operation} failed: ${reason}${codeOf(driverError) ? ` (${codeOf(driverError)})` : ''}`);
    this.driverCode = codeOf(driverError);
    driverErrors.set(this, driverError);
  }

  /** The error as the driver raised it; it may quote session ids and data, so never log it. */
  driverError(): unknown {
    return driverErrors.get(this);
  }
}

/** The driver's code, when it looks like one (letters, digits, `_`): never free text. */
function codeOf(error: unknown): string | undefined {
  const own = (error as { code?: unknown } | null)?.code;
  const driver = (error as { driverError?: { code?: unknown } } | null)?.driverError?.code;
  const code = typeof driver === 'string' ? driver : own;
  return typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? code : undefined;
}
