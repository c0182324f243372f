import type { Logger } from '@nestjs/common';
import type { ExampleConfig } from './example-config.js';
import type { RunningEmulator } from './nomos-emulator.js';

/** What started, for the log. */
export interface StartupFacts {
  devIdp: boolean;
  emulator?: RunningEmulator;
  /** Where the data lives, without credentials. */
  database: string;
}

/**
 * Says what runs and what to set to replace it; development parts are logged as warnings so they
 * stand out. Never logs a secret, a token or a link.
 */
export function logStartup(logger: Logger, config: ExampleConfig, facts: StartupFacts): void {
  if (facts.devIdp) {
    logger.warn('======================================================================');
    logger.warn(`DEVELOPMENT IdP at ${config.publicBaseUrl}/dev-idp: anyone can sign in as any demo person.`);
    logger.warn('For development only; it refuses to run with NODE_ENV=production.');
    logger.warn('Set SAML_IDP_METADATA_FILE (or SAML_IDP_SSO_URL) to use your company IdP instead.');
    logger.warn('======================================================================');
  }
  if (facts.emulator) {
    logger.warn(
      `Nomos EMULATOR (not the real API): API ${facts.emulator.nomos.baseUrl}, portal ${facts.emulator.portalOrigin} ` +
        '(self-signed development certificate). Set NOMOS_CLIENT_ID and NOMOS_CLIENT_SECRET for the real Nomos API.',
    );
  }
  if (config.sessionSecret.generated) {
    logger.warn(
      'Session secret generated at random for this run: sign-ins end when the app restarts. ' +
        'Set SAML_SESSION_SECRET to keep them.',
    );
  }
  logger.log(`Database: ${facts.database} (migrations applied)`);
  logger.log(`Intranet example ready at ${config.publicBaseUrl}`);
}
