import { Not, type Repository } from 'typeorm';
import { isUniqueViolation } from '../common/database-errors.js';
import type { EntitySql } from '../common/entity-sql.js';
import { LEGACY_ISSUER } from '../identity/index.js';
import type { PersonKey } from '../identity/index.js';
import { CustomerLink } from './customer-link.entity.js';
import { recordChange } from './link-change.js';
import type { LinkTransactions } from './link-transactions.js';

/**
 * What the mapping says about a person who asks for a link: their customer; suspended (they left);
 * not linked, but their sign-in name belongs to another subject's link (a recycled UPN: no email
 * auto-link either, since that email would lead to the other person's customer); or not linked.
 */
export type MintMapping =
  | { status: 'linked'; link: CustomerLink }
  | { status: 'suspended'; link: CustomerLink }
  | { status: 'name-reused' }
  | { status: 'unlinked' };

/** Reads (and where it must, updates) the mapping for one sign-in; see {@link MintMapping}. */
export async function resolveMintMapping(
  links: Repository<CustomerLink>,
  writes: LinkTransactions,
  person: PersonKey,
  userName: string | null,
  sql?: EntitySql<CustomerLink>,
): Promise<MintMapping> {
  const own = (await findOwn(links, person, sql)) ?? (await claimLegacy(links, writes, person, userName));
  if (own) {
    if (userName !== null && own.userName !== userName) {
      // A rename keeps the link: the key did not change, only the name shown to admins.
      await links.update({ id: own.id }, { userName, updatedAt: new Date() });
      own.userName = userName;
    }
    return { status: own.status === 'suspended' ? 'suspended' : 'linked', link: own };
  }
  if (userName !== null) {
    const other = await links.findOneBy({ issuer: person.issuer, userName, userId: Not(person.subject) });
    if (other) return { status: 'name-reused' };
  }
  return { status: 'unlinked' };
}

/** The click path's one read: a prepared statement where the driver allows (see `EntitySql`). */
async function findOwn(
  links: Repository<CustomerLink>,
  person: PersonKey,
  sql?: EntitySql<CustomerLink>,
): Promise<CustomerLink | null> {
  const where = { issuer: person.issuer, userId: person.subject };
  return sql ? ((await sql.first(links.manager, where)) ?? null) : links.findOneBy(where);
}

/**
 * A row from before issuers existed has the old user id as its subject, which was the sign-in's
 * NameID or the configured id attribute: the first sign-in whose subject, or else whose name, is that
 * id takes it over, once (the update only matches while the row is still legacy). Before the
 * upgrade the same name reached the same customer, so this opens nothing new; see the README's
 * upgrade notes for hosts that have recycled names since.
 */
async function claimLegacy(
  links: Repository<CustomerLink>,
  writes: LinkTransactions,
  person: PersonKey,
  userName: string | null,
): Promise<CustomerLink | null> {
  const candidates = [...new Set([person.subject, ...(userName === null ? [] : [userName])])];
  const legacy = await links.findOne({
    where: candidates.map((userId) => ({ issuer: LEGACY_ISSUER, userId })),
    order: { id: 'ASC' },
  });
  if (!legacy) return null;
  try {
    const claimed = await writes.run(async (manager) => {
      const at = new Date();
      const result = await manager.update(
        CustomerLink,
        { id: legacy.id, issuer: LEGACY_ISSUER },
        { issuer: person.issuer, userId: person.subject, userName, updatedAt: at },
      );
      if (!result.affected) return false;
      const customers = { old: legacy.customerId, new: legacy.customerId };
      const change = { actorType: 'person' as const, actorId: null, channel: 'upgrade' };
      await recordChange(manager, { ...person, userName }, 'relink', customers, change, at);
      return true;
    });
    if (!claimed) return await findOwn(links, person);
  } catch (error) {
    // The person got a row of their own meanwhile (a concurrent sign-in claimed it first).
    if (!isUniqueViolation(error)) throw error;
  }
  return findOwn(links, person);
}
