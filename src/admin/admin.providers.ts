import type { Provider } from '@nestjs/common';
import { getRepositoryToken } from '@nestjs/typeorm';
import type { DataSource, Repository } from 'typeorm';
import { AuditChainService, AuditService } from '../audit/index.js';
import { CustomerLink, CustomerLinkService } from '../customer-links/index.js';
import type { ResolvedCustomerLinksOptions } from '../customer-links/customer-links.options.js';
import { CUSTOMER_LINKS_OPTIONS } from '../customer-links/customer-links.options.js';
import type { AdminCore } from './admin-core.js';
import { AuditVerifier } from './audit-verify.js';
import { AdminExceptionFilter } from './admin-exception.filter.js';
import { AdminGroupGuard, AdminRequestGuard } from './admin.guards.js';

/** Token of the {@link AdminCore} the admin controller works with (the module's own services). */
export const ADMIN_CORE = Symbol('NOMOS_ADMIN_CORE');

/** The admin part's providers (with the shape option `adminApi: true`); its options slice comes from the root. */
export function adminProviders(dataSource?: string): Provider[] {
  return [
    {
      provide: ADMIN_CORE,
      inject: [getRepositoryToken(CustomerLink, dataSource), CUSTOMER_LINKS_OPTIONS, CustomerLinkService, AuditService],
      useFactory: (
        repository: Repository<CustomerLink>,
        options: ResolvedCustomerLinksOptions,
        links: CustomerLinkService,
        audit: AuditService,
      ): AdminCore => {
        // TypeORM 1 names it `dataSource`, 0.3 `connection`.
        const manager = repository.manager as { dataSource?: DataSource; connection: DataSource };
        return { dataSource: manager.dataSource ?? manager.connection, issuer: options.issuer, links, audit };
      },
    },
    {
      provide: AuditVerifier,
      inject: [AuditChainService],
      useFactory: (chain: AuditChainService) => new AuditVerifier(chain),
    },
    AdminRequestGuard,
    AdminGroupGuard,
    AdminExceptionFilter,
  ];
}
