import type { DataSource } from 'typeorm';
import type { Repository } from 'typeorm';
import { migratedMemoryDataSource } from '../memory-database.js';
import { CustomerLinkEvent } from '../../../src/customer-links/customer-link-event.entity.js';
import { CustomerLink } from '../../../src/customer-links/customer-link.entity.js';
import { CustomerLinkService } from '../../../src/customer-links/customer-link.service.js';

export const ISSUER = 'https://idp.example/entity';

/** The mapping over a migrated in-memory SQLite database, as the package runs it. */
export interface SqliteLinks {
  dataSource: DataSource;
  links: Repository<CustomerLink>;
  events: Repository<CustomerLinkEvent>;
  service: CustomerLinkService;
}

export async function openSqliteLinks(): Promise<SqliteLinks> {
  const dataSource = await migratedMemoryDataSource([CustomerLink, CustomerLinkEvent]);
  const links = dataSource.getRepository(CustomerLink);
  return {
    dataSource,
    links,
    events: dataSource.getRepository(CustomerLinkEvent),
    service: new CustomerLinkService(links, { issuer: ISSUER }),
  };
}

/** A row written straight to the table, as an older version or another tool left it. */
export function insertRow(links: Repository<CustomerLink>, row: Partial<CustomerLink>): Promise<CustomerLink> {
  return links.save(
    links.create({
      issuer: ISSUER,
      userName: null,
      status: 'active',
      source: 'manual',
      createdAt: new Date(1_700_000_000_000),
      createdBy: null,
      updatedAt: null,
      suspendedAt: null,
      ...row,
    }),
  );
}
