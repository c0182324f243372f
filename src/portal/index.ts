export * from './portal.controller.js';
export { requestIdOf } from './portal-request.js';
export { renderPortalErrorPage, type PortalErrorPage, type PortalErrorPageRenderer } from './portal-error-page.js';
