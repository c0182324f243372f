import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { isUniqueViolation } from '../common/database-errors.js';
import { CustomerLinkService, InvalidCustomerLinkError } from '../customer-links/index.js';
import type { PersonKey, PortalSessionRevoker } from '../identity/index.js';
import { PORTAL_SESSION_REVOKER } from '../identity/index.js';
import { ScimError } from './scim-errors.js';
import { userNameKey } from './scim-filter.js';
import type { UserListQuery } from './scim-list.js';
import { applyUserPatch } from './scim-patch.js';
import { columnsOf, recordOf } from './scim-record.js';
import type { ScimUserChanges } from './scim-user-changes.js';
import { replaceUser } from './scim-user-changes.js';
import type { ScimUserAttributes, ScimUserRecord } from './scim-user.js';
import { readUserBody } from './scim-user.js';
import { ScimUserEntry } from './scim-user.entity.js';
import type { ResolvedScimOptions } from './scim.options.js';
import { SCIM_OPTIONS } from './scim.options.js';

const BY_SCIM = { actor: { type: 'scim' as const, id: 'scim' }, channel: 'scim' };

/**
 * The Users the IdP provisions, and what their lifecycle does to the portal: a deactivation or a
 * deletion suspends the person's mapping and ends their sessions on every replica; a reactivation
 * restores the mapping. The person is fixed when the User is created, so a later change of name
 * can never point the User at someone else's customer.
 */
@Injectable()
export class ScimUsersService {
  private readonly logger = new Logger('NomosScim');

  constructor(
    @InjectRepository(ScimUserEntry) private readonly users: Repository<ScimUserEntry>,
    private readonly links: CustomerLinkService,
    @Inject(SCIM_OPTIONS) private readonly options: ResolvedScimOptions,
    @Inject(PORTAL_SESSION_REVOKER) private readonly sessions: PortalSessionRevoker,
  ) {}

  /** @throws ScimError 400 (bad body, no subject), 409 uniqueness (the userName is taken) */
  async create(body: unknown): Promise<ScimUserRecord> {
    const input = readUserBody(body, { requireUserName: true });
    const user: ScimUserAttributes = { ...input, active: input.active ?? true };
    const person = this.personOf(this.options.subjectFrom === 'externalId' ? user.externalId : user.userName);
    const at = new Date();
    const row = this.users.create({
      id: randomUUID(),
      issuer: person.issuer,
      subject: person.subject,
      ...columnsOf(user, userNameKey(user.userName)),
      version: 1,
      createdAt: at,
      updatedAt: at,
    });
    try {
      await this.users.insert(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw new ScimError(409, 'uniqueness', 'A User with this userName exists');
      throw error;
    }
    await (user.active ? this.reactivated(person) : this.deactivated(person));
    return recordOf(row);
  }

  /** @throws ScimError 404 */
  async get(id: string): Promise<ScimUserRecord> {
    return recordOf(await this.find(id));
  }

  /** The page a `GET /Users` asks for, oldest first, and how many match in all. */
  async list(query: UserListQuery): Promise<{ items: ScimUserRecord[]; total: number }> {
    const where =
      query.filter === undefined
        ? {}
        : query.filter.attribute === 'userName'
          ? { userNameKey: userNameKey(query.filter.value) }
          : { externalId: query.filter.value };
    const [rows, total] = await this.users.findAndCount({
      where,
      order: { createdAt: 'ASC', id: 'ASC' },
      skip: query.startIndex - 1,
      take: query.count,
    });
    return { items: rows.map(recordOf), total };
  }

  /** PUT: the whole User. @throws ScimError 400, 404, 409 */
  replace(id: string, body: unknown): Promise<ScimUserRecord> {
    return this.change(id, (current) => replaceUser(current, readUserBody(body, { requireUserName: false })));
  }

  /** PATCH: the operations Entra and Okta send. @throws ScimError 400, 404, 409 */
  patch(id: string, body: unknown): Promise<ScimUserRecord> {
    return this.change(id, (current) => applyUserPatch(current, body));
  }

  /** DELETE: the User is gone, the person's mapping suspended (kept, for a return). @throws ScimError 404 */
  async remove(id: string): Promise<void> {
    const row = await this.find(id);
    await this.users.delete({ id: row.id });
    await this.deactivated({ issuer: row.issuer, subject: row.subject });
  }

  private async change(
    id: string,
    apply: (current: ScimUserRecord) => { user: ScimUserRecord; changes: ScimUserChanges },
  ): Promise<ScimUserRecord> {
    const row = await this.find(id);
    const { user, changes } = apply(recordOf(row));
    const person = { issuer: row.issuer, subject: row.subject };
    const keyField = this.options.subjectFrom;
    if (changes.changed.includes(keyField) && user[keyField] !== row.subject) {
      throw new ScimError(400, 'mutability', `${keyField} is the person's key here and cannot change`);
    }
    if (changes.changed.length > 0) {
      const at = new Date();
      const columns = { ...columnsOf(user, userNameKey(user.userName)), version: row.version + 1, updatedAt: at };
      try {
        const result = await this.users.update({ id: row.id, version: row.version }, columns);
        if (!result.affected) throw new ScimError(409, undefined, 'The User changed meanwhile; send the request again');
      } catch (error) {
        if (isUniqueViolation(error)) throw new ScimError(409, 'uniqueness', 'A User with this userName exists');
        throw error;
      }
      Object.assign(row, columns);
    }
    if (changes.deactivated) await this.deactivated(person);
    if (changes.reactivated) await this.reactivated(person);
    return recordOf(row);
  }

  private async find(id: string): Promise<ScimUserEntry> {
    const row = id.length <= 36 ? await this.users.findOneBy({ id }) : null;
    if (!row) throw new ScimError(404, undefined, 'No such User');
    return row;
  }

  private personOf(subject: string | undefined): PersonKey {
    if (subject === undefined) {
      throw new ScimError(400, 'invalidValue', `${this.options.subjectFrom} is required: it is the person's key`);
    }
    try {
      return this.links.keyOf(subject);
    } catch (error) {
      if (error instanceof InvalidCustomerLinkError) throw new ScimError(400, 'invalidValue', error.message);
      throw error;
    }
  }

  private async deactivated(person: PersonKey): Promise<void> {
    await this.links.suspend(person, BY_SCIM);
    const ended = await this.sessions.revoke(person);
    this.logger.log(`deprovisioned a person over SCIM: mapping suspended, ${ended} session(s) ended`);
  }

  private async reactivated(person: PersonKey): Promise<void> {
    if (await this.links.restore(person, BY_SCIM)) this.logger.log('restored a person over SCIM');
  }
}
