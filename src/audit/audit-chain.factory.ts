import type { DataSource } from 'typeorm';
import { AuditChainEntry } from './audit-chain.entity.js';
import { AuditChainService } from './audit-chain.service.js';
import { AuditChainWriter } from './audit-chain.writer.js';
import type { AuditOptions } from './audit.options.js';
import { resolveAuditOptions } from './audit.options.js';
import { AuditService } from './audit.service.js';
import { MagicLinkAudit } from './magic-link-audit.entity.js';

/** The audit services over one DataSource, wired as the module wires them. */
export interface AuditChainServices {
  /** Writes audit rows, each completion chained. */
  audit: AuditService;
  /** Verify, checkpoint, purge, reconcile. */
  chain: AuditChainService;
}

/**
 * The audit chain outside Nest, over a host's initialised DataSource (which must list
 * `MagicLinkAudit` and `AuditChainEntry`, e.g. through `nomosPortalEntities`): for scripts, a CLI or
 * a scheduled verify job. No timers are started; call `chain.checkpoint()` etc. yourself.
 * @param options the module's `audit` section (validated the same way)
 * @param mintDeadlineMs the `nomos.mintDeadlineMs` the app runs with, for the pending timeout's default
 * @throws NomosPortalConfigError naming a bad `audit` setting
 * @example
 * const { chain } = createAuditChain(dataSource);
 * const report = await chain.verify({ checkpoint, publicKey });
 */
export function createAuditChain(
  dataSource: DataSource,
  options: AuditOptions = {},
  mintDeadlineMs = 10_000,
): AuditChainServices {
  const rows = dataSource.getRepository(MagicLinkAudit);
  const entries = dataSource.getRepository(AuditChainEntry);
  const writer = new AuditChainWriter(rows, entries);
  const resolved = resolveAuditOptions(options, mintDeadlineMs);
  return { audit: new AuditService(rows, writer), chain: new AuditChainService(rows, entries, writer, resolved) };
}
