import type { MigrationInterface } from 'typeorm';
import { CreatePortalTables1764000000000 } from './1764000000000-create-portal-tables.js';
import { CreateSamlTables1764100000000 } from './1764100000000-create-saml-tables.js';
import { PersonKeys1765000000000 } from './1765000000000-person-keys.js';
import { AuditIdentity1765100000000 } from './1765100000000-audit-identity.js';
import { Provisioning1765200000000 } from './1765200000000-provisioning.js';
import { WebhookEvents1765300000000 } from './1765300000000-webhook-events.js';
import { UtcInstants1765400000000 } from './1765400000000-utc-instants.js';
import { AuditChain1765500000000 } from './1765500000000-audit-chain.js';

/**
 * Every migration of this package, oldest first. Add it to the host's DataSource:
 *
 * @example
 * ```ts
 * import { nomosPortalMigrations } from 'nestjs-nomos-portal/migrations';
 * new DataSource({ ...options, migrations: [...nomosPortalMigrations, ...ownMigrations] });
 * ```
 */
export const nomosPortalMigrations: Array<new () => MigrationInterface> = [
  CreatePortalTables1764000000000,
  CreateSamlTables1764100000000,
  PersonKeys1765000000000,
  AuditIdentity1765100000000,
  Provisioning1765200000000,
  WebhookEvents1765300000000,
  UtcInstants1765400000000,
  AuditChain1765500000000,
];

export { CreatePortalTables1764000000000, CreateSamlTables1764100000000 };
export { PersonKeys1765000000000, AuditIdentity1765100000000, Provisioning1765200000000 };
export { WebhookEvents1765300000000, UtcInstants1765400000000 };
export { AuditChain1765500000000 };
