import type { CustomerLinkService } from '../customer-links/index.js';
import type { PersonKey } from '../identity/index.js';
import type { RowOutcome } from './import-tally.js';
import type { ImportOptions } from './import-types.js';

/**
 * Compares one row with the person's current link and, when `write`, makes the change through the
 * service (so it has its history row). A row equal to the current link writes nothing.
 * A suspended link stays suspended: the import moves customers, it does not restore people.
 * @throws InvalidCustomerLinkError, CustomerLinkConflictError (a concurrent link), database errors
 */
export async function applyRow(
  links: CustomerLinkService,
  person: PersonKey,
  customerId: string,
  options: ImportOptions & { userName?: string },
  write: boolean,
): Promise<RowOutcome> {
  const current = await links.findByUser(person);
  if (current?.customerId === customerId) return 'unchanged';
  const change = {
    actor: options.actor ?? { type: 'import' as const, id: 'cli' },
    channel: options.channel ?? 'import',
    userName: options.userName,
  };
  if (!current) {
    if (write)
      await links.link(person, customerId, { ...change, source: 'import', createdBy: change.actor.id ?? null });
    return 'linked';
  }
  if (write) await links.relink(person, customerId, change);
  return 'relinked';
}
