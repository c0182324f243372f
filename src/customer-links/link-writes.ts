import type { EntityManager } from 'typeorm';
import { isUniqueViolation } from '../common/database-errors.js';
import type { PersonKey } from '../identity/index.js';
import { CustomerLink } from './customer-link.entity.js';
import type { CustomerLinkSource, CustomerLinkStatus } from './customer-link.entity.js';
import { CustomerLinkConflictError } from './customer-link.errors.js';
import type { CheckedChange } from './link-change.js';
import { recordChange } from './link-change.js';
import type { LinkTransactions } from './link-transactions.js';

/**
 * The changes of the mapping, each with its history row in one transaction. Arguments arrive checked
 * (`CustomerLinkService` validates them); these only read, compare and write.
 */

// Each retry follows a unique violation whose winner vanished before we could read it (a
// concurrent unlink); more than a couple in a row means something else is wrong.
const MAX_LINK_ATTEMPTS = 3;

/** What a new link records besides the person and the customer. */
export interface NewLinkFields {
  source: CustomerLinkSource;
  createdBy: string | null;
  userName: string | null;
}

const current = (manager: EntityManager, key: PersonKey) =>
  manager.findOneBy(CustomerLink, { issuer: key.issuer, userId: key.subject });

/**
 * The person's link to `customerId`: the existing one when it is that customer, else a new one. Of
 * racing calls for one person exactly one customer wins (the unique index decides between replicas).
 * @throws CustomerLinkConflictError when the person is linked to another customer
 */
export async function insertLink(
  writes: LinkTransactions,
  key: PersonKey,
  customerId: string,
  fields: NewLinkFields,
  change: CheckedChange,
): Promise<CustomerLink> {
  let lastError: unknown;
  for (let attempt = 0; attempt < MAX_LINK_ATTEMPTS; attempt++) {
    try {
      return await writes.run(async (manager) => {
        const existing = await current(manager, key);
        if (existing) return sameCustomerOrConflict(existing, customerId);
        const at = new Date();
        const link = manager.create(CustomerLink, {
          issuer: key.issuer,
          userId: key.subject,
          customerId,
          status: 'active',
          ...fields,
          createdAt: at,
          updatedAt: null,
          suspendedAt: null,
        });
        await manager.insert(CustomerLink, link);
        const person = { ...key, userName: fields.userName };
        await recordChange(manager, person, 'link', { old: null, new: customerId }, change, at);
        return link;
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      lastError = error; // someone else linked this person meanwhile: re-read and compare
    }
  }
  throw lastError;
}

/** Moves the person's link to `customerId`; `null` when they have none (nothing written). */
export function moveLink(
  writes: LinkTransactions,
  key: PersonKey,
  customerId: string,
  change: CheckedChange,
): Promise<CustomerLink | null> {
  return writes.run(async (manager) => {
    const existing = await current(manager, key);
    if (!existing || existing.customerId === customerId) return existing;
    const at = new Date();
    await manager.update(CustomerLink, { id: existing.id }, { customerId, updatedAt: at });
    const person = { ...key, userName: existing.userName };
    await recordChange(manager, person, 'relink', { old: existing.customerId, new: customerId }, change, at);
    return Object.assign(existing, { customerId, updatedAt: at });
  });
}

/** Deletes the person's link; whether there was one. */
export function removeLink(writes: LinkTransactions, key: PersonKey, change: CheckedChange): Promise<boolean> {
  return writes.run(async (manager) => {
    const existing = await current(manager, key);
    if (!existing) return false;
    const at = new Date();
    await manager.delete(CustomerLink, { id: existing.id });
    const person = { ...key, userName: existing.userName };
    await recordChange(manager, person, 'unlink', { old: existing.customerId, new: null }, change, at);
    return true;
  });
}

/** Suspends or restores the person's link; whether it changed. */
export function changeStatus(
  writes: LinkTransactions,
  key: PersonKey,
  status: CustomerLinkStatus,
  change: CheckedChange,
): Promise<boolean> {
  return writes.run(async (manager) => {
    const existing = await current(manager, key);
    if (!existing || existing.status === status) return false;
    const at = new Date();
    const suspendedAt = status === 'suspended' ? at : null;
    await manager.update(
      CustomerLink,
      { id: existing.id, status: existing.status },
      { status, suspendedAt, updatedAt: at },
    );
    const action = status === 'suspended' ? 'suspend' : 'restore';
    const customers = { old: existing.customerId, new: existing.customerId };
    await recordChange(manager, { ...key, userName: existing.userName }, action, customers, change, at);
    return true;
  });
}

function sameCustomerOrConflict(existing: CustomerLink, customerId: string): CustomerLink {
  if (existing.customerId === customerId) return existing;
  throw new CustomerLinkConflictError(existing.userId, existing.customerId);
}
