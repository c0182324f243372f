import { In, MoreThan } from 'typeorm';
import type { Repository } from 'typeorm';
import { InvalidAuditQueryError } from './audit.errors.js';
import { MagicLinkAudit } from './magic-link-audit.entity.js';

/** A person who asked for their energy account and had none linked, as {@link unlinkedPeople} lists them. */
export interface UnlinkedPerson {
  issuer: string | null;
  /** The person's subject at `issuer`. */
  userId: string;
  /** The sign-in name of their latest attempt. */
  userName: string | null;
  /** How many of their requests were refused for want of a link, since `from`. */
  attempts: number;
  lastAttemptAt: Date;
  /** `CUSTOMER_NOT_LINKED`, or `IDENTITY_NAME_REUSED` for a recycled sign-in name. */
  lastErrorCode: string;
}

/** Which unlinked people to list. */
export interface UnlinkedPeopleQuery {
  /** Only attempts at or after this instant. @default the whole trail */
  from?: Date;
  /** At most this many people, latest attempt first (1–500). @default 100 */
  limit?: number;
}

const NOT_LINKED = ['CUSTOMER_NOT_LINKED', 'IDENTITY_NAME_REUSED'];

/**
 * The people whose latest requests were refused because no customer is linked to them, newest
 * first, leaving out those who got a link afterwards: the work list of whoever links people.
 * @throws InvalidAuditQueryError when `from` or `limit` is malformed
 */
export async function unlinkedPeople(
  rows: Repository<MagicLinkAudit>,
  query: UnlinkedPeopleQuery = {},
): Promise<UnlinkedPerson[]> {
  const limit = query.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    throw new InvalidAuditQueryError('limit', 'limit must be a whole number from 1 to 500');
  }
  if (query.from !== undefined && !(query.from instanceof Date && !Number.isNaN(query.from.getTime()))) {
    throw new InvalidAuditQueryError('from', 'from must be a valid Date');
  }
  const qb = rows
    .createQueryBuilder('audit')
    .select('audit.issuer', 'issuer')
    .addSelect('audit.userId', 'userId')
    .addSelect('COUNT(*)', 'attempts')
    .addSelect('MAX(audit.id)', 'lastId')
    .where('audit.outcome = :denied', { denied: 'denied' })
    .andWhere('audit.errorCode IN (:...codes)', { codes: NOT_LINKED })
    .andWhere('audit.userId IS NOT NULL');
  if (query.from) qb.andWhere('audit.createdAt >= :from', { from: query.from.getTime() });
  const groups: Array<{ issuer: string | null; userId: string; attempts: string | number; lastId: string | number }> =
    await qb
      .groupBy('audit.issuer')
      .addGroupBy('audit.userId')
      .orderBy('MAX(audit.id)', 'DESC')
      .limit(limit)
      .getRawMany();
  if (groups.length === 0) return [];
  const lastIds = groups.map((g) => Number(g.lastId));
  const latest = new Map((await rows.findBy({ id: In(lastIds) })).map((row) => [row.id, row]));
  const issuedAfter = await rows.find({
    select: { id: true, issuer: true, userId: true },
    where: { outcome: 'issued', userId: In(groups.map((g) => g.userId)), id: MoreThan(Math.min(...lastIds)) },
  });
  return groups
    .filter((g) => !issuedAfter.some((r) => r.userId === g.userId && r.issuer === g.issuer && r.id > Number(g.lastId)))
    .map((g) => {
      const last = latest.get(Number(g.lastId))!;
      return {
        issuer: g.issuer,
        userId: g.userId,
        userName: last.userName,
        attempts: Number(g.attempts),
        lastAttemptAt: last.createdAt,
        lastErrorCode: last.errorCode ?? 'CUSTOMER_NOT_LINKED',
      };
    });
}
