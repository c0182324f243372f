/**
 * The public API of nestjs-nomos-portal: every name a host may import, listed by name. Anything not
 * listed here is internal and may change in any release. test/public-api/public-api.txt records this
 * list; a change to it fails test/public-api until that file is updated in the same commit.
 */

// The module, its options (as given and as resolved), the environment readers and the entities.
export { NomosPortalModule } from './nomos-portal.module.js';
export type { NomosPortalModuleAsyncOptions } from './nomos-portal.module-definition.js';
export {
  InjectNomosPortalOptions,
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
export { nomosPortalEntities } from './nomos-portal.providers.js';

// errors/: the base classes, the closed code union, the code → answer table and the filter for host routes.
export {
  ERROR_ANSWERS,
  NomosPortalArgumentError,
  NomosPortalConfigError,
  NomosPortalError,
  NomosPortalExceptionFilter,
  type ErrorAnswer,
  type MagicLinkUnavailableCode,
  type NextStep,
  type NomosApiErrorCode,
  type AssuranceRefusalCode,
  type NomosPortalErrorCode,
  type PortalErrorPage,
  type PortalErrorPageRenderer,
  type PortalRefusalCode,
} from './errors/index.js';

// common/: log-safe rendering of outside values and SQLite lock handling for a host's own queries.
export { logValue } from './common/log-value.js';
export { isSqliteBusy } from './common/database-errors.js';
export { retryWhileSqliteBusy } from './common/sqlite-busy.js';

// nomos-api/: the injectable Nomos client, its options, typed errors and the wire types it returns.
export {
  NomosAbortedError,
  NomosApiClient,
  NomosApiError,
  NomosAuthenticationError,
  NomosConnectionError,
  NomosInvalidResponseError,
  NomosRateLimitError,
  NomosTimeoutError,
  type NomosApiErrorDetails,
  type NomosApiLogger,
  type NomosApiOptions,
  type NomosCallOptions,
  type NomosCustomer,
  type NomosList,
  type ResolvedNomosApiOptions,
} from './nomos-api/index.js';

// identity/: who is asking; the guard and decorator, the pluggable resolver (interface + Symbol token) and the
// returnTo check.
export {
  createSignupReference,
  CurrentPortalUser,
  InvalidPortalUserError,
  isSafeReturnTo,
  LEGACY_ISSUER,
  PORTAL_USER_RESOLVER,
  PortalAccessDeniedError,
  readSignupReference,
  requestUserResolver,
  SignedInGuard,
  SIGNUP_REFERENCE_KEY,
  SignInRequiredError,
  type PersonKey,
  type PortalUser,
  type PortalUserAuthn,
  type PortalUserResolver,
} from './identity/index.js';

// customer-links/: the person → Nomos customer mapping and its history.
export {
  CustomerLink,
  CustomerLinkConflictError,
  CustomerLinkEvent,
  CustomerLinkService,
  CustomerLinkStoreError,
  InvalidCustomerLinkError,
  type CustomerLinkAction,
  type CustomerLinkActorType,
  type CustomerLinkSource,
  type CustomerLinkStatus,
  type LinkChangeOptions,
  type LinkCustomerOptions,
  type LinkHistoryPage,
  type LinkHistoryQuery,
  type MintMapping,
  type PersonRef,
} from './customer-links/index.js';

// provisioning/: SCIM 2.0 deprovisioning.
export { ScimUserEntry, type ScimOptions } from './provisioning/index.js';

// webhooks/: the Nomos webhook receiver's options, its table and the processor that sweeps it.
export {
  NomosWebhookEvent,
  WebhookEventProcessor,
  type WebhookEventStatus,
  type WebhookOptions,
} from './webhooks/index.js';

// audit/: the append-only trail of link requests and its query.
export {
  AuditService,
  AuditWriteError,
  InvalidAuditQueryError,
  MagicLinkAudit,
  type AuditBeginEntry,
  type AuditChannel,
  type AuditCompletion,
  type AuditOutcome,
  type AuditPage,
  type AuditQuery,
  type AuditRecordEntry,
  type UnlinkedPeopleQuery,
  type UnlinkedPerson,
} from './audit/index.js';
// audit/: the hash chain over completed rows, its signed checkpoints and their sinks.
export {
  AuditChainEntry,
  AuditChainService,
  auditKeyId,
  canonicalEntry,
  CANONICAL_VERSION,
  chainHash,
  CHECKPOINT_VERSION,
  checkpointPayload,
  checkpointSignatureValid,
  FileCheckpointSink,
  GENESIS_HASH,
  HttpCheckpointSink,
  isCheckpoint,
  LogCheckpointSink,
  readLastCheckpoint,
  type AuditChainBadRow,
  type AuditChainFault,
  type AuditChainHead,
  type AuditChainKind,
  type AuditCheckpoint,
  type AuditCheckpointSink,
  type AuditCheckpointSinkOption,
  type AuditOptions,
  type AuditVerifyOptions,
  type AuditVerifyReport,
  type HttpCheckpointSinkOptions,
  type ResolvedAuditOptions,
} from './audit/index.js';

// magic-links/: minting a person's portal link.
export {
  ClientDisconnectedError,
  CustomerNotLinkedError,
  PortalAccessEndedError,
  InvalidUserError,
  MagicLinkService,
  MagicLinkUnavailableError,
  PortalLinkRejectedError,
  StepUpRequiredError,
  type MagicLinkSubject,
  type SignupOptions,
  type MintChannel,
  type MintContext,
  type MintedLink,
} from './magic-links/index.js';

// saml/: the options types, the errors of the SAML routes, the entities of its tables and the certificates' expiry.
export {
  SamlAssertionEntry,
  SamlCertificatesService,
  SamlLoginBusyError,
  SamlLoginRejectedError,
  SamlLogoutRejectedError,
  SamlRateLimitedError,
  SamlRequestEntry,
  SessionStoreError,
  StoredSession,
  SAML_IDP_PRESET_NAMES,
  SAML_IDP_PRESETS,
  type ResolvedSamlAttributes,
  type ResolvedSamlOptions,
  type ResolvedSamlSettings,
  type SamlAttributeOptions,
  type SamlIdpPreset,
  type SamlIdpPresetSettings,
  type SamlCertificateExpiry,
  type SamlCertificateUse,
  type SamlIdpMetadataUrlOptions,
  type SamlIdpOptions,
  type SamlOptions,
  type SamlRateLimitOptions,
  type SamlSessionOptions,
  type SamlSpOptions,
} from './saml/index.js';

// portal/: the refusal of a request for a link that was not deliberate.
export { PortalRequestRefusedError } from './portal/index.js';
