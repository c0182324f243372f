/** User ↔ Nomos customer mapping: entity, service, errors. */
export { CustomerLink, CUSTOMER_LINK_SOURCES } from './customer-link.entity.js';
export type { CustomerLinkSource } from './customer-link.entity.js';
export { CustomerLinkService } from './customer-link.service.js';
export type { LinkCustomerOptions } from './customer-link.service.js';
export { CustomerLinkConflictError, CustomerLinkStoreError, InvalidCustomerLinkError } from './customer-link.errors.js';
export { MAX_CUSTOMER_ID_LENGTH, MAX_USER_ID_LENGTH } from './customer-link.validation.js';
export { EmailAutoLinkService } from './email-auto-link.service.js';
