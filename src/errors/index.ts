// The errors leaf: every part may import it; it imports only common/.
// Public (re-exported by src/index.ts): the base classes, the closed code union, the code → answer
// table, the exception filter for host routes and the types of `portal.renderErrorPage`.
export type {
  AssuranceRefusalCode,
  MagicLinkUnavailableCode,
  NomosApiErrorCode,
  NomosPortalErrorCode,
  PortalRefusalCode,
} from './error-codes.js';
export type { PortalErrorPage, PortalErrorPageRenderer } from './error-page.js';
export { ERROR_ANSWERS, type ErrorAnswer } from './error-table.js';
export {
  NomosPortalArgumentError,
  NomosPortalConfigError,
  NomosPortalError,
  type NextStep,
} from './nomos-portal.errors.js';
export { NomosPortalExceptionFilter } from './nomos-portal-exception.filter.js';

// Internal to the package: the filters' options token and the per-route filters, for the portal and
// SAML controllers and the root wiring; not re-exported by src/index.ts.
export { NOMOS_ERROR_OPTIONS, type NomosErrorOptions } from './errors.options.js';
export { PortalExceptionFilter, SamlExceptionFilter } from './route-exception.filters.js';
export { clearStepUp } from './step-up-cookie.js';
