// telemetry/: OpenTelemetry spans and metrics through @opentelemetry/api only (the host installs the
// SDK), and a health indicator whose answers fit @nestjs/terminus without loading it.
// Public (re-exported by src/index.ts): the indicator, its probes' types and thresholds, the metric
// names, the scope and the pacing-depth registration. The rest is for the parts' call sites.
export { NomosPortalHealthIndicator, type PortalHealthResult } from './health/nomos-portal-health.indicator.js';
export {
  PORTAL_HEALTH_PROBES,
  type HealthCertificate,
  type IdpMetadataFreshness,
  type PortalHealthProbes,
} from './health/portal-health.probes.js';
export { PORTAL_HEALTH_DEFAULTS, type PortalHealthThresholds } from './telemetry.options.js';
export {
  PORTAL_METRICS,
  recordMintOutcome,
  recordSamlSignIn,
  registerCertificateExpiries,
  registerPacingQueueDepth,
  startPortalMetrics,
  type ObservedCertificate,
} from './portal-metrics.js';
export { TELEMETRY_SCOPE } from './telemetry-scope.js';
export { observedNomosCalls, observeTokenRequest } from './nomos-telemetry.js';
export { observeSamlAcs, observeSamlLogout, samlReasonOf } from './saml-telemetry.js';
