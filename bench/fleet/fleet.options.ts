import type { ReplicaConfig } from './fleet.types.js';

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
   * Extra `nomos` options for every replica: where the fleet-wide rate limiter is switched on once the
   * package has one (see the README's fleet section).
   */
  replicaNomos?: ReplicaConfig['nomos'];
  /**
   * Runs after the load, before the figures are read: the package's reconciliation of old `pending`
   * rows, once it exists (it gets the fleet database's URL). Absent: pending rows are counted as left.
   */
  reconcile?: (databaseUrl: string) => Promise<void>;
  /** The package's `audit verify`, once it exists: `undefined` means not run. */
  verifyAudit?: (databaseUrl: string) => Promise<{ ok: boolean; detail: string }>;
  /** Progress lines (the full-size script prints them). */
  progress?: (line: string) => void;
  /** Gets every credential the run issued, by kind (a test hands them to its runner's log check). */
  onSecrets?: (secrets: Record<string, readonly string[]>) => void;
}

/** {@link FleetRunOptions} with defaults applied. */
export type ResolvedFleetRunOptions = Required<
  Omit<FleetRunOptions, 'replicaNomos' | 'reconcile' | 'verifyAudit' | 'progress' | 'onSecrets'>
> &
  Pick<FleetRunOptions, 'replicaNomos' | 'reconcile' | 'verifyAudit' | 'progress' | 'onSecrets'>;

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
