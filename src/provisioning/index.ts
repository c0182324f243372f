// SCIM 2.0 deprovisioning: the IdP's lifecycle events suspend and restore a person's mapping.
// Public (re-exported by src/index.ts): the options type and the entity of its table.
export type { ScimOptions } from './scim.options.js';
export { ScimUserEntry } from './scim-user.entity.js';

// Internal to the package: for the root wiring.
export { ScimController } from './scim.controller.js';
export { SCIM_GATE_MIDDLEWARE, scimProviders } from './scim.providers.js';
export { SCIM_OPTIONS, type ResolvedScimOptions } from './scim.options.js';
