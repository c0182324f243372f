export * from './portal.controller.js';
export { requestIdOf } from './portal-request.js';
