import type { Repository } from 'typeorm';
import type { PortalUser } from '../identity/index.js';
import type { SamlRequestEntry } from './saml-request.entity.js';

/** Marks binding rows in `nomos_saml_requests`; `#` starts no XML ID, so no request id collides. */
export const BINDING_KEY_PREFIX = '#login:';

/** What a binding row holds; `user` once the ACS has verified the IdP's response. */
export interface LoginBinding {
  /** {@link hashNonce} of the browser's nonce. */
  binding: string;
  returnTo: string;
  user?: PortalUser;
}

/** A live binding row as read: what it holds, and its stored text and expiry for conditional writes. */
export interface BindingRow {
  binding: LoginBinding;
  value: string;
  expiresAt: number;
}

/**
 * The server's half of login bindings, one row per SP-initiated login in the shared request table,
 * so any replica can finish a login any other began. Every change after the first write is
 * conditional on the row being as it was read, so of racing requests (or replicas) one wins.
 */
export class LoginBindingRows {
  constructor(private readonly rows: Repository<SamlRequestEntry>) {}

  /** Stores a new login's binding for `ttlMs`. */
  async add(requestId: string, binding: LoginBinding, ttlMs: number): Promise<void> {
    await this.rows.insert({
      key: BINDING_KEY_PREFIX + requestId,
      value: JSON.stringify(binding),
      expiresAt: Date.now() + ttlMs,
    });
  }

  /** The binding of `requestId`, unless absent, expired or unreadable. */
  async live(requestId: string): Promise<BindingRow | undefined> {
    const row = await this.rows.findOneBy({ key: BINDING_KEY_PREFIX + requestId });
    const binding = row && row.expiresAt > Date.now() ? parse(row.value) : undefined;
    return binding && row ? { binding, value: row.value, expiresAt: row.expiresAt } : undefined;
  }

  /** Replaces what `row` holds, if it is unchanged since read. @returns whether it was */
  async replace(requestId: string, row: BindingRow, binding: LoginBinding, expiresAt: number): Promise<boolean> {
    const key = BINDING_KEY_PREFIX + requestId;
    const { affected } = await this.rows.update(
      { key, value: row.value },
      { value: JSON.stringify(binding), expiresAt },
    );
    return !!affected;
  }

  /** Deletes `row`, if it is unchanged since read: of racing callers exactly one gets `true`. */
  async take(requestId: string, row: BindingRow): Promise<boolean> {
    return !!(await this.rows.delete({ key: BINDING_KEY_PREFIX + requestId, value: row.value })).affected;
  }
}

function parse(value: string): LoginBinding | undefined {
  try {
    const parsed = JSON.parse(value) as LoginBinding;
    return typeof parsed?.binding === 'string' && typeof parsed.returnTo === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}
