/**
 * The environment variable that sets each option, by option path. The env reader reads exactly
 * these, and every configuration error about one of these options names its variable too, so an
 * operator who set the variable recognises the message.
 */
export const OPTION_ENV_NAMES = {
  'nomos.baseUrl': 'NOMOS_BASE_URL',
  'nomos.clientId': 'NOMOS_CLIENT_ID',
  'nomos.clientSecret': 'NOMOS_CLIENT_SECRET',
  'nomos.apiVersion': 'NOMOS_API_VERSION',
  'nomos.timeoutMs': 'NOMOS_TIMEOUT_MS',
  'nomos.mintDeadlineMs': 'NOMOS_MINT_DEADLINE_MS',
  'nomos.maxRetries': 'NOMOS_MAX_RETRIES',
  'nomos.rateLimit.perSecond': 'NOMOS_RATE_LIMIT',
  'nomos.rateLimit.burst': 'NOMOS_RATE_LIMIT_BURST',
  'nomos.rateLimit.maxWaitMs': 'NOMOS_RATE_LIMIT_MAX_WAIT_MS',
  'nomos.rateLimit.store': 'NOMOS_RATE_LIMIT_STORE',
  'nomos.rateLimit.fleetSize': 'NOMOS_RATE_LIMIT_FLEET_SIZE',
  'portal.allowedLinkHosts': 'NOMOS_PORTAL_HOSTS',
  'portal.loginPath': 'NOMOS_PORTAL_LOGIN_PATH',
  'portal.allowedOrigins': 'NOMOS_PORTAL_ALLOWED_ORIGINS',
  'portal.autoLinkByEmail': 'NOMOS_PORTAL_AUTO_LINK_BY_EMAIL',
  'portal.autoLinkByEmail.domains': 'NOMOS_PORTAL_AUTO_LINK_DOMAINS',
  'portal.requireAuthnContext': 'NOMOS_PORTAL_REQUIRE_AUTHN_CONTEXT',
  'portal.maxAuthAgeMs': 'NOMOS_PORTAL_MAX_AUTH_AGE_MS',
  'portal.personRateLimit.limit': 'NOMOS_PORTAL_PERSON_RATE_LIMIT',
  'portal.personRateLimit.ttlMs': 'NOMOS_PORTAL_PERSON_RATE_LIMIT_WINDOW_MS',
  'portal.personRateLimit.storage': 'NOMOS_PORTAL_PERSON_RATE_LIMIT_STORAGE',
  'saml.idp.metadataFile': 'SAML_IDP_METADATA_FILE',
  'saml.idp.metadataUrl': 'SAML_IDP_METADATA_URL',
  'saml.idp.metadataRefreshMs': 'SAML_IDP_METADATA_REFRESH_MS',
  'saml.idp.metadataTimeoutMs': 'SAML_IDP_METADATA_TIMEOUT_MS',
  'saml.idp.metadataMaxBytes': 'SAML_IDP_METADATA_MAX_BYTES',
  'saml.idp.metadataSigningCert': 'SAML_IDP_METADATA_SIGNING_CERT_FILE',
  'saml.idp.metadataCa': 'SAML_IDP_METADATA_CA_FILE',
  'saml.idp.metadataCacheFile': 'SAML_IDP_METADATA_CACHE_FILE',
  'saml.idp.allowPrivateMetadataHosts': 'SAML_IDP_METADATA_ALLOW_PRIVATE_HOSTS',
  'saml.idp.entityId': 'SAML_IDP_ENTITY_ID',
  'saml.idp.ssoUrl': 'SAML_IDP_SSO_URL',
  'saml.idp.sloUrl': 'SAML_IDP_SLO_URL',
  'saml.idp.certs': 'SAML_IDP_CERT_FILES',
  'saml.idp.logoutIssuers': 'SAML_IDP_LOGOUT_ISSUERS',
  'saml.sp.entityId': 'SAML_SP_ENTITY_ID',
  'saml.sp.baseUrl': 'SAML_SP_BASE_URL',
  'saml.sp.signingKey': 'SAML_SP_SIGNING_KEY_FILE',
  'saml.sp.signingCert': 'SAML_SP_SIGNING_CERT_FILE',
  'saml.sp.decryptionKey': 'SAML_SP_DECRYPTION_KEY_FILE',
  'saml.sp.decryptionCert': 'SAML_SP_DECRYPTION_CERT_FILE',
  'saml.idpPreset': 'SAML_IDP_PRESET',
  'saml.attributes.subject': 'SAML_ATTR_SUBJECT',
  'saml.attributes.userId': 'SAML_ATTR_USER_ID',
  'saml.attributes.userName': 'SAML_ATTR_USER_NAME',
  'saml.attributes.email': 'SAML_ATTR_EMAIL',
  'saml.attributes.displayName': 'SAML_ATTR_DISPLAY_NAME',
  'saml.attributes.roles': 'SAML_ATTR_ROLES',
  'saml.attributes.authnMethods': 'SAML_ATTR_AUTHN_METHODS',
  'saml.portalRoles': 'SAML_PORTAL_ROLES',
  'saml.adminRoles': 'SAML_ADMIN_ROLES',
  'saml.nameIdFormat': 'SAML_NAMEID_FORMAT',
  'saml.acceptedClockSkewMs': 'SAML_CLOCK_SKEW_MS',
  'saml.allowIdpInitiated': 'SAML_ALLOW_IDP_INITIATED',
  'saml.wantAuthnResponseSigned': 'SAML_WANT_RESPONSE_SIGNED',
  'saml.wantAssertionsSigned': 'SAML_WANT_ASSERTIONS_SIGNED',
  'saml.maxResponseBytes': 'SAML_MAX_RESPONSE_BYTES',
  'saml.maxPendingLogins': 'SAML_MAX_PENDING_LOGINS',
  'saml.rateLimit.limit': 'SAML_RATE_LIMIT',
  'saml.rateLimit.ttlMs': 'SAML_RATE_LIMIT_WINDOW_MS',
  'saml.session.secret': 'SAML_SESSION_SECRET',
  'saml.session.secureCookie': 'SAML_SESSION_SECURE_COOKIE',
  'saml.session.idleTimeoutMs': 'SAML_SESSION_IDLE_TIMEOUT_MS',
  'saml.session.absoluteTimeoutMs': 'SAML_SESSION_ABSOLUTE_TIMEOUT_MS',
  'saml.session.touchIntervalMs': 'SAML_SESSION_TOUCH_INTERVAL_MS',
} as const;

/** An option path that an environment variable can set. */
export type EnvOptionPath = keyof typeof OPTION_ENV_NAMES;

/** The variable that sets `path`, or `undefined` when only the options object can. */
export function envNameOf(path: string): string | undefined {
  return Object.hasOwn(OPTION_ENV_NAMES, path) ? OPTION_ENV_NAMES[path as EnvOptionPath] : undefined;
}

/**
 * The environment variables a `…FromEnv(env)` reader looks at, found by running it once on an empty
 * environment that records every name asked for. So the list is the reader's own and cannot drift
 * from it when a variable is added (a check like the example's "unknown SAML_* variable" relies on
 * that). A name the reader would read only once another one is set is missed: readers here read
 * every name unconditionally, and the specs check the lists.
 */
export function envNamesReadBy(reader: (env: Record<string, string | undefined>) => unknown): string[] {
  const names = new Set<string>();
  const recording = new Proxy<Record<string, string | undefined>>(
    {},
    {
      get(_target, name) {
        if (typeof name === 'string') names.add(name);
        return undefined;
      },
    },
  );
  try {
    reader(recording);
  } catch {
    // A reader may refuse an empty environment; the names it asked for until then still count.
  }
  return [...names].sort();
}
