import type { INestApplicationContext } from '@nestjs/common';

/** What the audit check found; `available: false` when this build has no audit chain. */
export interface AuditCheckResult {
  available: boolean;
  /** Rows the explicit reconcile call turned `abandoned` (start-up reconciliation ran before it). */
  reconciled?: number;
  ok?: boolean;
  detail?: string;
}

interface ChainService {
  reconcile(): Promise<number>;
  verify(): Promise<{ ok: boolean; rowsChecked?: number; firstBad?: { auditId?: number; reason?: string } }>;
}

/**
 * Reconciles stale `pending` rows and runs `audit verify` through the package's AuditChainService,
 * looked up by name so the harness builds on a package that does not have it yet (issue 12, item 2).
 */
export async function auditCheck(
  context: INestApplicationContext,
  exports: Record<string, unknown>,
): Promise<AuditCheckResult> {
  const service = exports.AuditChainService;
  if (typeof service !== 'function') return { available: false };
  const chain: ChainService = context.get(service);
  const reconciled = await chain.reconcile();
  const report = await chain.verify();
  const bad = report.firstBad ? `, first bad row ${report.firstBad.auditId ?? '?'}: ${report.firstBad.reason}` : '';
  return { available: true, reconciled, ok: report.ok, detail: `${report.rowsChecked ?? '?'} rows checked${bad}` };
}
