import type { OnApplicationBootstrap } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { logValue } from '../common/log-value.js';
import { certificateExpiries } from './cert-expiry.js';
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

/** Logs {@link samlStartupLine} once the app has started. */
@Injectable()
export class SamlStartupLog implements OnApplicationBootstrap {
  private readonly logger = new Logger('NomosSaml');

  constructor(@Inject(SAML_OPTIONS) private readonly options: ResolvedSamlOptions) {}

  onApplicationBootstrap(): void {
    this.logger.log(samlStartupLine(this.options));
  }
}
