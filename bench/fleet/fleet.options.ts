/** How big a fleet run is and which faults it injects. */
export interface FleetRunOptions {
  /** The compiled replica host (replica-host.js) each app process runs. */
  replicaEntry: string;
  /** People signed in (each is mapped to their own Nomos customer). @default 300 */
  people?: number;
  /** `GET /portal` clicks, i.e. mint requests. @default 10_000 */
  clicks?: number;
  /** Clicks in flight. @default 100 */
  concurrency?: number;
  /** The emulator's (the vendor's) limit, requests per second for the whole API client. @default 10 */
  nomosRate?: number;
  /** App processes behind the proxy. @default 3 */
  replicas?: number;
  /** Inject Nomos faults (latency, 429 + Retry-After, 500, hangs, resets) at 20–60 % of the clicks. @default true */
  nomosFaults?: boolean;
  /** SIGKILL the last replica at 40 % of the clicks. @default true */
  killReplica?: boolean;
  /** Start the killed replica again at 60 % of the clicks. @default true */
  restartKilled?: boolean;
  /** `pg_ctl restart -m fast` at 70 % of the clicks. @default true */
  restartPostgres?: boolean;
  /**
   * The fleet-wide Nomos rate limiter: `'auto'` switches it on (`nomos.rateLimit`: `nomosRate` per
   * second, shared through the database) when the package has it (it exports `NomosBusyError`);
   * `'off'` never; an object is passed as `nomos.rateLimit` as is. Env FLEET_PACING=on|off overrides.
   * @default 'auto'
   */
  pacing?: 'auto' | 'off' | Record<string, unknown>;
  /**
   * After the load, reconcile old `pending` rows and run `audit verify` (in one more process of the
   * host), when the package has the audit chain (it exports `AuditChainService`).
   * @default true
   */
  auditCheck?: boolean;
  /** Progress lines (the full-size script prints them). */
  progress?: (line: string) => void;
  /** Gets every credential the run issued, by kind (a test hands them to its runner's log check). */
  onSecrets?: (secrets: Record<string, readonly string[]>) => void;
}

/** {@link FleetRunOptions} with defaults applied. */
export type ResolvedFleetRunOptions = Required<Omit<FleetRunOptions, 'progress' | 'onSecrets'>> &
  Pick<FleetRunOptions, 'progress' | 'onSecrets'>;

/** Applies the defaults (full size) and checks the numbers. */
export function resolveFleetRunOptions(options: FleetRunOptions): ResolvedFleetRunOptions {
  const resolved = {
    people: 300,
    clicks: 10_000,
    concurrency: 100,
    nomosRate: 10,
    replicas: 3,
    nomosFaults: true,
    killReplica: true,
    restartKilled: true,
    restartPostgres: true,
    pacing: 'auto' as const,
    auditCheck: true,
    ...options,
  };
  for (const key of ['people', 'clicks', 'concurrency', 'nomosRate', 'replicas'] as const) {
    if (!Number.isInteger(resolved[key]) || resolved[key] < 1) {
      throw new Error(`fleet run: ${key} must be a positive integer, got ${String(resolved[key])}`);
    }
  }
  if (resolved.killReplica && resolved.replicas < 2) throw new Error('fleet run: killReplica needs 2 replicas or more');
  return resolved;
}
