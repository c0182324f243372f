import type { NomosPortalModuleOptions, ResolvedNomosPortalOptions } from '../src/index.js';
import { nomosPortalOptionsFromEnv, resolveNomosPortalOptions, samlOptionsFromEnv } from '../src/index.js';
import type { DevIdp } from './dev-idp/dev-idp.js';
import type { ExampleConfig } from './example-config.js';
import type { RunningEmulator } from './nomos-emulator.js';
import { messagePage } from './pages/message-page.js';

/** The SP's own URLs, derived from `SAML_SP_BASE_URL` / `SAML_SP_ENTITY_ID` or the public base URL. */
export function spUrls(config: ExampleConfig): {
  baseUrl: string;
  entityId: string;
  acsUrl: string;
  logoutUrl: string;
} {
  const baseUrl = (config.env.SAML_SP_BASE_URL?.trim() || config.publicBaseUrl).replace(/\/+$/, '');
  const entityId = config.env.SAML_SP_ENTITY_ID?.trim() || `${baseUrl}/saml`;
  return { baseUrl, entityId, acsUrl: `${baseUrl}/auth/saml/acs`, logoutUrl: `${baseUrl}/auth/saml/logout` };
}

/**
 * The package's options: everything from the `NOMOS_*` / `SAML_*` variables, with the embedded
 * development parts (IdP metadata, emulator client) filled in where they run.
 */
export function portalModuleOptions(
  config: ExampleConfig,
  devIdp?: DevIdp,
  emulator?: RunningEmulator,
): NomosPortalModuleOptions {
  const fromEnv = nomosPortalOptionsFromEnv(config.env);
  const saml = samlOptionsFromEnv(config.env);
  const sp = spUrls(config);
  return {
    nomos: emulator ? { ...fromEnv.nomos, ...emulator.nomos } : fromEnv.nomos,
    portal: {
      ...fromEnv.portal,
      ...(emulator ? { allowedLinkHosts: emulator.allowedLinkHosts } : {}),
      // The package's refusal pages in the intranet's own layout.
      renderErrorPage: (page) => messagePage(page.title, `${page.message} Reference: ${page.requestId}`),
    },
    saml: {
      ...saml,
      idp: devIdp ? { metadataXml: devIdp.metadataXml() } : saml.idp,
      sp: { ...saml.sp, baseUrl: sp.baseUrl, entityId: sp.entityId },
      adminRoles: config.adminRoles,
      session: {
        ...(saml.session || {}),
        secret: config.sessionSecret.value,
        // Local http development cannot carry a Secure cookie; anything served over https does.
        secureCookie:
          saml.session && saml.session.secureCookie !== undefined
            ? saml.session.secureCookie
            : sp.baseUrl.startsWith('https:'),
      },
    },
  };
}

/**
 * Validates the package's options the way the module will, before Nest starts: a refusal (an
 * unreadable `SAML_IDP_METADATA_FILE`, an SP key that does not match its certificate…) then reaches
 * `main.ts` as one line naming the setting, instead of Nest's start-up error log with a stack
 * trace, and no database is opened.
 * @returns the options as the module will use them (defaults applied, IdP metadata read)
 * @throws NomosPortalConfigError
 */
export function checkPortalModuleOptions(options: NomosPortalModuleOptions): ResolvedNomosPortalOptions {
  return resolveNomosPortalOptions(options, { sso: 'saml' });
}

/** Origins a form's redirect chain may reach: the IdP's SSO/SLO endpoints and the portal hosts. */
export function formTargets(options: ResolvedNomosPortalOptions, emulator?: RunningEmulator): string[] {
  // The resolved IdP URLs are the ones the module redirects to, whether set or read from metadata.
  const idp = options.saml?.idp;
  // With a metadata URL the endpoints are read at start: the IdP serves them from the metadata's host.
  const idpOrigins = [...new Set([idp?.ssoUrl, idp?.sloUrl, idp?.metadataUrl?.url])].flatMap((url) =>
    url ? [new URL(url).origin] : [],
  );
  const portals = emulator ? [emulator.portalOrigin] : options.portal.allowedLinkHosts.map((host) => `https://${host}`);
  return [...idpOrigins, ...portals];
}
