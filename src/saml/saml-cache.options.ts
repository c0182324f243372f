import { NomosPortalConfigError } from '../errors/index.js';

/** Injection token of the {@link SamlCacheOptions} given to `SamlCacheService` (optional). */
export const SAML_CACHE_OPTIONS = Symbol('SAML_CACHE_OPTIONS');

/** Lifetimes of the shared SAML caches. */
export interface SamlCacheOptions {
  /**
   * How long a request id is accepted as `InResponseTo` (node-saml's `requestIdExpirationPeriodMs`).
   * @default 600000
   */
  requestTtlMs?: number;
  /** How long a used assertion id is kept when the assertion has no `NotOnOrAfter`. @default 3600000 */
  assertionMaxTtlMs?: number;
  /** Kept past `NotOnOrAfter`; must be ≥ the strategy's `acceptedClockSkewMs`. @default 300000 */
  assertionExpiryMarginMs?: number;
  /** Least time between two opportunistic purges by one process; 0 purges on every write. @default 60000 */
  purgeIntervalMs?: number;
  /** Clock, epoch ms; replicas must agree within `assertionExpiryMarginMs` (NTP). @default Date.now */
  now?: () => number;
}

/** Values used for the {@link SamlCacheOptions} left out. */
export const SAML_CACHE_DEFAULTS: Readonly<Required<SamlCacheOptions>> = Object.freeze({
  requestTtlMs: 600_000,
  assertionMaxTtlMs: 3_600_000,
  assertionExpiryMarginMs: 300_000,
  purgeIntervalMs: 60_000,
  now: Date.now,
});

/**
 * Applies {@link SAML_CACHE_DEFAULTS} to the options left out (or `undefined`) and checks the rest.
 * @throws NomosPortalConfigError naming the first lifetime that is not a finite number of ms at or above its minimum
 */
export function resolveSamlCacheOptions(options: SamlCacheOptions): Required<SamlCacheOptions> {
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const resolved: Required<SamlCacheOptions> = { ...SAML_CACHE_DEFAULTS, ...given };
  const minimums = { requestTtlMs: 1, assertionMaxTtlMs: 1, assertionExpiryMarginMs: 0, purgeIntervalMs: 0 } as const;
  for (const [field, min] of Object.entries(minimums) as Array<[keyof typeof minimums, number]>) {
    if (!(resolved[field] >= min) || !Number.isFinite(resolved[field]))
      throw new NomosPortalConfigError(`SamlCacheOptions.${field} must be >= ${min} ms`);
  }
  return resolved;
}
