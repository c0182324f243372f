import type { OnApplicationBootstrap } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { logValue } from '../common/log-value.js';
import { certificateExpiries } from './cert-expiry.js';
import { PERSISTENT_NAMEID_FORMAT } from './idp-presets.js';
import type { ResolvedSamlOptions } from './saml.options.js';
import { SAML_OPTIONS } from './saml.options.js';

/**
 * The values an IdP admin and an operator check the set-up against, in one line: the SP's entity id,
 * ACS, single logout and metadata URLs, the IdP's entity id and when each trusted IdP signing
 * certificate expires. Certificates are public; keys and the session secret are never named.
 */
export function samlStartupLine({ sp, idp }: ResolvedSamlOptions): string {
  const expiries = certificateExpiries({ idpCerts: idp.certs }).map((cert) => cert.notAfter.toISOString().slice(0, 10));
  return (
    `SAML SP ${logValue(sp.entityId)}: ACS ${logValue(sp.acsUrl)}, SLO ${logValue(sp.logoutUrl)}, ` +
    `metadata ${logValue(`${sp.baseUrl}${sp.routePrefix}/metadata`)}; IdP ${logValue(idp.entityId)}, ` +
    `signing certificate${expiries.length === 1 ? '' : 's'} valid until ${expiries.join(', ') || 'unknown'}`
  );
}

/**
 * The warning for a subject that may change hands: the NameID keys people, but is not asked for in
 * the persistent format, so it is likely a sign-in name or email that a company renames or gives to
 * a new hire. `undefined` when the subject is an attribute or a persistent NameID.
 */
export function subjectWarning({
  attributes,
  nameIdFormat,
}: Pick<ResolvedSamlOptions, 'attributes' | 'nameIdFormat'>): string | undefined {
  if (attributes.subject !== 'nameID' || nameIdFormat === PERSISTENT_NAMEID_FORMAT) return undefined;
  return (
    `SAML people are keyed by their NameID in format ${logValue(nameIdFormat)}, not ${PERSISTENT_NAMEID_FORMAT}: ` +
    'a renamed or recycled sign-in name maps to the same customer as before. Key them by an immutable id ' +
    'with saml.attributes.subject (SAML_ATTR_SUBJECT) or saml.idpPreset (SAML_IDP_PRESET), ' +
    'or ask for persistent NameIDs with saml.nameIdFormat (SAML_NAMEID_FORMAT).'
  );
}

/** Logs {@link samlStartupLine} once the app has started, and {@link subjectWarning} when it applies. */
@Injectable()
export class SamlStartupLog implements OnApplicationBootstrap {
  private readonly logger = new Logger('NomosSaml');

  constructor(@Inject(SAML_OPTIONS) private readonly options: ResolvedSamlOptions) {}

  onApplicationBootstrap(): void {
    this.logger.log(samlStartupLine(this.options));
    const warning = subjectWarning(this.options);
    if (warning) this.logger.warn(warning);
  }
}
