// The portal routes' refusal error is the part's only public name (src/index.ts re-exports it); the
// controller, the deliberate-request guard and checks are mounted by the root wiring from their files.
export { PortalRequestRefusedError } from './portal-request-refused.error.js';
