// The errors leaf: every part may import it; it imports only common/.
export type {
  MagicLinkUnavailableCode,
  NomosApiErrorCode,
  NomosPortalErrorCode,
  PortalRefusalCode,
} from './error-codes.js';
export { renderPortalErrorPage, type PortalErrorPage, type PortalErrorPageRenderer } from './error-page.js';
export { ERROR_ANSWERS, type ErrorAnswer } from './error-table.js';
export { NOMOS_ERROR_OPTIONS, type NomosErrorOptions } from './errors.options.js';
export { NomosPortalArgumentError, NomosPortalConfigError, NomosPortalError } from './nomos-portal.errors.js';
export { NomosPortalExceptionFilter } from './nomos-portal-exception.filter.js';
export { PortalExceptionFilter, SamlExceptionFilter } from './route-exception.filters.js';
