import type { AuditChainService, AuditVerifyReport } from '../audit/index.js';
import { isCheckpoint } from '../audit/index.js';
import { InvalidAdminRequestError } from './admin.errors.js';

/**
 * `audit/verify` for the admin API: walks the whole chain, so one walk at a time per replica — a
 * request arriving while one runs without a checkpoint shares its answer (bounded work however many
 * admins click). With a checkpoint (from the sink, outside the database) it runs on its own.
 */
export class AuditVerifier {
  private running: Promise<AuditVerifyReport> | undefined;

  constructor(private readonly chain: AuditChainService) {}

  /** @throws InvalidAdminRequestError when `body.checkpoint` is given but is not a checkpoint */
  verify(body?: unknown): Promise<AuditVerifyReport> {
    const checkpoint = (body as { checkpoint?: unknown } | undefined)?.checkpoint;
    if (checkpoint !== undefined) {
      if (!isCheckpoint(checkpoint)) {
        throw new InvalidAdminRequestError(
          'checkpoint',
          'checkpoint must be a line of the checkpoint sink, as written',
        );
      }
      return this.chain.verify({ checkpoint });
    }
    this.running ??= this.chain.verify().finally(() => (this.running = undefined));
    return this.running;
  }
}
