import type { AuditChannel } from '../audit/index.js';

/** How the link was asked for (`redirect`, `json`, `service`); recorded in the audit row. */
export type MintChannel = AuditChannel;

/** Who asks and through what; all of it lands in the audit row. */
export interface MintContext {
  /** @default 'service' */
  channel?: MintChannel;
  clientIp?: string;
  userAgent?: string;
  /** Correlation id, also sent to Nomos as `X-Request-Id`. */
  requestId?: string;
  /**
   * Aborted when the person is gone (the HTTP client disconnected): upstream work stops where it
   * can, and a link minted anyway is recorded `abandoned` instead of `issued`.
   */
  signal?: AbortSignal;
  /**
   * Where in the portal the link should land (`/invoices/inv_123`): replaces the link's own `next`
   * when it is under one of `portal.deepLinkPaths`; anything else is ignored and logged.
   */
  next?: string;
}

/** A freshly minted link. Hand it to the person at once; never store, log or queue it. */
export interface MintedLink {
  link: string;
  customerId: string;
  auditId: number;
}
