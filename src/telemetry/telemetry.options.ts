import { NomosPortalArgumentError } from '../errors/index.js';

/** Thresholds of {@link NomosPortalHealthIndicator}'s checks, per call like terminus's own indicators. */
export interface PortalHealthThresholds {
  /**
   * How long one Nomos token check result (up or down) is reused: at most one token request per period,
   * however often the health route is polled.
   * @default 30000
   */
  tokenCheckCacheMs?: number;
  /** The IdP signing certificate that lasts longest must have at least this many days left. @default 14 */
  certMinDaysLeft?: number;
  /**
   * Metadata read from a URL counts as stale when the IdP has not confirmed it for this long.
   * @default three refresh intervals (36 h with the default `metadataRefreshMs`)
   */
  metadataMaxAgeMs?: number;
  /** Time limit of the database check. @default 2000 */
  databaseTimeoutMs?: number;
}

/** The thresholds with defaults applied (metadata age stays open: it follows the refresh interval). */
export type ResolvedPortalHealthThresholds = Required<Omit<PortalHealthThresholds, 'metadataMaxAgeMs'>> &
  Pick<PortalHealthThresholds, 'metadataMaxAgeMs'>;

export const PORTAL_HEALTH_DEFAULTS = {
  tokenCheckCacheMs: 30_000,
  certMinDaysLeft: 14,
  databaseTimeoutMs: 2_000,
} as const;

/**
 * Applies defaults and checks each value.
 * @throws NomosPortalArgumentError naming the threshold when one is not a non-negative finite number
 */
export function resolveHealthThresholds(given: PortalHealthThresholds = {}): ResolvedPortalHealthThresholds {
  const resolved = { ...PORTAL_HEALTH_DEFAULTS, ...given };
  for (const [name, value] of Object.entries(resolved)) {
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
      throw new NomosPortalArgumentError(`health threshold ${name} must be a non-negative number of ms/days`);
  }
  return resolved;
}
