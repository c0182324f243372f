// Which wave-2 parts this build of the package has, found by its public exports, so that the
// harness runs on main as it is and switches each check on as the part lands.
import * as portal from '../../src/index.js';
import type { ResolvedFleetRunOptions } from './fleet.options.js';

const exported = portal as Record<string, unknown>;

/** The `nomos.rateLimit` every replica gets, or `undefined` to leave the package's default. */
export function pacingOption(options: ResolvedFleetRunOptions): Record<string, unknown> | undefined {
  const env = process.env.FLEET_PACING;
  if (typeof options.pacing === 'object') return options.pacing;
  if (env === 'off' || (env !== 'on' && options.pacing === 'off')) return undefined;
  if (env !== 'on' && typeof exported.NomosBusyError !== 'function') return undefined;
  // One limit for the whole fleet, kept in the database every replica shares. The margin as in
  // test/pacing: on a loaded 2-core machine a replica's writes leave hundreds of ms after their slot.
  // While the database restarts, each replica paces at its share (fleetSize), still under one limit.
  return { perSecond: options.nomosRate, store: 'database', marginMs: 400, fleetSize: options.replicas };
}

/** Whether the package has the audit hash chain (reconciliation and `audit verify`). */
export function hasAuditChain(): boolean {
  return typeof exported.AuditChainService === 'function';
}
