export * from './magic-link.errors.js';
export * from './magic-link.service.js';
export { checkPortalLink, hostIsAllowed } from './portal-link.js';
