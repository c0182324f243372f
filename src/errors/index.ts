export { NomosPortalConfigError, NomosPortalError } from './nomos-portal.errors.js';
