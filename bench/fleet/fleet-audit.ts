import pg from 'pg';
import type { AuditCheckResult } from './audit-check.js';
import type { ReplicaConfig } from './fleet.types.js';
import { runOnce } from './replicas.js';

/** The audit check's result and the output of the process that ran it (for the credential scan). */
export interface AuditCheckRun {
  result: AuditCheckResult;
  output: string;
}

/**
 * One more process of the host, after the load: its start-up reconciliation (with a 1 s pending
 * timeout: every request of the run has ended by now) turns the rows the faults left `pending`
 * into `abandoned`, then it runs `audit verify`.
 */
export async function runAuditCheck(entry: string, base: ReplicaConfig): Promise<AuditCheckRun> {
  const output = await runOnce(entry, {
    ...base,
    name: 'audit-check',
    mode: 'audit-check',
    extraOptions: { ...base.extraOptions, audit: { pendingTimeoutMs: 1000 } },
  });
  const line = output.split('\n').find((l) => l.startsWith('FLEET-AUDIT-CHECK '));
  const result: AuditCheckResult = line
    ? (JSON.parse(line.slice('FLEET-AUDIT-CHECK '.length)) as AuditCheckResult)
    : { available: true, ok: false, detail: 'the audit check process printed no result' };
  return { result, output };
}

/** `pending` audit rows in the fleet database right now. */
export async function countPending(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      "SELECT count(*) AS n FROM nomos_magic_link_audit WHERE outcome = 'pending'",
    );
    return Number(rows[0].n);
  } finally {
    await client.end();
  }
}
