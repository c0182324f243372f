import type { DataSource } from 'typeorm';
import { AuditService, MagicLinkAudit } from '../audit/index.js';
import { CustomerLink, CustomerLinkService } from '../customer-links/index.js';

/** The part services over a plain DataSource, for code that runs without Nest (the CLI, scripts). */
export interface AdminCore {
  dataSource: DataSource;
  /** The issuer of a bare subject (give the module's: `portal.issuer`, the IdP entity id, or `'app'`). */
  issuer: string;
  links: CustomerLinkService;
  audit: AuditService;
}

/**
 * Builds the services the admin API uses over `dataSource` (which must hold the package's entities
 * and be initialized and migrated).
 * @example const core = adminCore(dataSource, 'https://idp.corp.example/entity');
 *   const summary = await importMappings(createReadStream(file), core, { dryRun: true });
 */
export function adminCore(dataSource: DataSource, issuer: string): AdminCore {
  return {
    dataSource,
    issuer,
    links: new CustomerLinkService(dataSource.getRepository(CustomerLink), { issuer }),
    audit: new AuditService(dataSource.getRepository(MagicLinkAudit)),
  };
}
