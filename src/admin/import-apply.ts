import type { CustomerLinkService } from '../customer-links/index.js';
import type { PersonKey } from '../identity/index.js';
import type { RowOutcome } from './import-tally.js';
import type { ImportOptions } from './import-types.js';

/**
 * Compares one row with the person's current customer (`known.current`, read by the batch) and,
 * when `write`, makes the change through the service, so it has its history row. A row equal to the
 * current link writes nothing. A suspended link stays suspended: the import moves customers, it does
 * not restore people.
 * @throws InvalidCustomerLinkError, CustomerLinkConflictError (linked meanwhile), database errors
 */
export async function applyRow(
  links: CustomerLinkService,
  person: PersonKey,
  customerId: string,
  options: ImportOptions & { userName?: string },
  write: boolean,
  known: { current: string | null },
): Promise<RowOutcome> {
  if (known.current === customerId) return 'unchanged';
  const change = {
    actor: options.actor ?? { type: 'import' as const, id: 'cli' },
    channel: options.channel ?? 'import',
    userName: options.userName,
  };
  if (known.current === null) {
    if (write)
      await links.link(person, customerId, { ...change, source: 'import', createdBy: change.actor.id ?? null });
    return 'linked';
  }
  if (write) await links.relink(person, customerId, change);
  return 'relinked';
}
