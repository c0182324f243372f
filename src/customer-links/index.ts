// User ↔ Nomos customer mapping: entity, service, errors (public, re-exported by src/index.ts).
export { CustomerLink, type CustomerLinkSource } from './customer-link.entity.js';
export { CustomerLinkService, type LinkCustomerOptions } from './customer-link.service.js';
export { CustomerLinkConflictError, CustomerLinkStoreError, InvalidCustomerLinkError } from './customer-link.errors.js';

// Internal to the package: for magic-links/ and the root wiring, not re-exported by src/index.ts.
export { EmailAutoLinkService } from './email-auto-link.service.js';
