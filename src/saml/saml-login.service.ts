import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Profile } from '@node-saml/node-saml';
import { logValue } from '../common/log-value.js';
import type { PortalUser } from '../identity/index.js';
import { SamlCacheService } from './saml-cache.service.js';
import { portalUserFromProfile } from './saml-portal-user.js';
import type { ResolvedSamlOptions } from './saml.options.js';
import { checkVerifiedFacts, readVerifiedFacts } from './saml-response.checks.js';
import { SamlLoginRejectedError } from './saml.errors.js';
import { SAML_OPTIONS } from './saml.options.js';

/**
 * What happens after node-saml has verified a response's signatures: the checks it leaves to the
 * SP (Destination, Recipient, replay across replicas) and turning the signed profile into the
 * small session user.
 */
@Injectable()
export class SamlLoginService {
  private readonly logger = new Logger('NomosSaml');

  constructor(
    @Inject(SAML_OPTIONS) private readonly options: ResolvedSamlOptions,
    private readonly cache: SamlCacheService,
  ) {}

  /** @throws SamlLoginRejectedError */
  async verifySignon(profile: Profile | null): Promise<PortalUser> {
    if (!profile?.getSamlResponseXml || !profile.getAssertionXml)
      throw new SamlLoginRejectedError('no verified assertion');
    const facts = readVerifiedFacts(profile.getSamlResponseXml(), profile.getAssertionXml());
    checkVerifiedFacts(facts, { acsUrl: this.options.sp.acsUrl, idpEntityId: this.options.idp.entityId });
    const user = portalUserFromProfile(profile, facts.authn, this.options);
    if (!(await this.cache.markAssertionUsed(profile.issuer, facts.assertionId, facts.notOnOrAfter))) {
      throw new SamlLoginRejectedError('assertion already used (replay)');
    }
    this.logger.log(`signed in ${logValue(user.id)} via ${logValue(profile.issuer)}`);
    return user;
  }

  /**
   * For an IdP-initiated LogoutRequest: the signed-in user when the request names them, so that
   * passport-saml answers "success" and ends the session; otherwise undefined. The request may name
   * the IdP by one of its logout aliases (`saml.idp.logoutIssuers`).
   */
  verifyLogout(current: PortalUser | undefined, profile: Profile | null): PortalUser | undefined {
    const { entityId, logoutIssuers } = this.options.idp;
    const sameIdp = (issuer: string) => issuer === entityId || logoutIssuers.includes(issuer);
    const named =
      current?.saml &&
      profile &&
      current.saml.nameID === profile.nameID &&
      sameIdp(current.saml.issuer) &&
      sameIdp(profile.issuer);
    const sameSession = !profile?.sessionIndex || profile.sessionIndex === current?.saml?.sessionIndex;
    return named && sameSession ? current : undefined;
  }
}
