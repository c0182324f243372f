// The public API of nestjs-nomos-portal. Anything not exported here is internal.
export { NomosPortalModule } from './nomos-portal.module.js';
export { NOMOS_PORTAL_MODULE_OPTIONS, nomosPortalEntities } from './nomos-portal.providers.js';
export type { NomosPortalModuleAsyncOptions } from './nomos-portal.module-definition.js';
export {
  InjectNomosPortalOptions,
  NOMOS_PORTAL_OPTIONS,
  PORTAL_DEFAULTS,
  resolveNomosPortalOptions,
  type NomosPortalModuleExtras,
  type NomosPortalModuleOptions,
  type PortalOptions,
  type ResolvedNomosPortalOptions,
} from './nomos-portal.options.js';
export {
  nomosPortalEnvNames,
  nomosPortalOptionsFromEnv,
  samlEnvNames,
  samlOptionsFromEnv,
} from './nomos-portal.env.js';
export {
  ERROR_ANSWERS,
  NomosPortalArgumentError,
  NomosPortalConfigError,
  NomosPortalError,
  NomosPortalExceptionFilter,
  renderPortalErrorPage,
  type ErrorAnswer,
  type MagicLinkUnavailableCode,
  type NomosApiErrorCode,
  type NomosPortalErrorCode,
  type PortalErrorPage,
  type PortalErrorPageRenderer,
} from './errors/index.js';
export { requestIdOf } from './common/request-id.js';
export { logValue } from './common/log-value.js';
export { isSqliteBusy } from './common/database-errors.js';
export { retryWhileSqliteBusy } from './common/sqlite-busy.js';

export * from './nomos-api/index.js';
export * from './customer-links/index.js';
export * from './audit/index.js';
export * from './magic-links/index.js';
export {
  isSafeReturnTo,
  PORTAL_USER_RESOLVER,
  PortalAccessDeniedError,
  requestUserResolver,
  SignedInGuard,
  SignInRequiredError,
  toRelayState,
  type PortalUser,
  type PortalUserResolver,
} from './identity/index.js';
export * from './saml/index.js';
export {
  DeliberateRequestGuard,
  PORTAL_API_HEADER,
  PortalController,
  PortalRequestRefusedError,
  type PortalRefusalCode,
} from './portal/index.js';
