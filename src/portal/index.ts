export * from './portal.controller.js';
export { DeliberateRequestGuard } from './deliberate-request.guard.js';
export { PORTAL_API_HEADER, ownOrigin, refuseUnlessApiRequest, refuseUnlessNavigation } from './navigation-check.js';
export { PortalRequestRefusedError, type PortalRefusalCode } from './portal-request-refused.error.js';
