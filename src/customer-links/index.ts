// User ↔ Nomos customer mapping: entity, service, errors (public, re-exported by src/index.ts).
export { CustomerLink, type CustomerLinkSource, type CustomerLinkStatus } from './customer-link.entity.js';
export {
  CustomerLinkEvent,
  type CustomerLinkAction,
  type CustomerLinkActorType,
} from './customer-link-event.entity.js';
export { CustomerLinkService, type LinkCustomerOptions } from './customer-link.service.js';
export type { LinkChangeOptions } from './link-change.js';
export type { LinkHistoryPage, LinkHistoryQuery } from './link-history.js';
export type { MintMapping } from './mint-mapping.js';
export type { PersonRef } from './person-ref.js';
export { CustomerLinkConflictError, CustomerLinkStoreError, InvalidCustomerLinkError } from './customer-link.errors.js';

// Internal to the package: for magic-links/ and the root wiring, not re-exported by src/index.ts.
export { EmailAutoLinkService } from './email-auto-link.service.js';
