// The reference for the ACS figure of `npm run bench`: bare node-saml in its own process, validating
// the same SAMLResponse documents the package's ACS received, with the package's trust settings
// (signed response and assertion, audience, clock skew) and no request-id check, cache or session.
import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import { childSide, cpuMicros } from './child.js';

export interface BareSamlConfig {
  idpCert: string;
  idpIssuer: string;
  spEntityId: string;
  acsUrl: string;
}

const side = childSide<BareSamlConfig>({
  // Validates every response once; CPU of this process over the loop (the parent reads nothing else).
  validate: async (body) => {
    const responses = body as string[];
    const before = await cpuMicros(process.pid);
    let valid = 0;
    for (const SAMLResponse of responses) {
      const { profile } = await saml.validatePostResponseAsync({ SAMLResponse });
      if (profile?.nameID) valid++;
    }
    return { valid, cpuMicros: (await cpuMicros(process.pid)) - before };
  },
});
const { config } = side;
const saml = new SAML({
  idpCert: config.idpCert,
  idpIssuer: config.idpIssuer,
  issuer: config.spEntityId,
  audience: config.spEntityId,
  callbackUrl: config.acsUrl,
  wantAuthnResponseSigned: true,
  wantAssertionsSigned: true,
  acceptedClockSkewMs: 30_000,
  validateInResponseTo: ValidateInResponseTo.never,
});
process.once('SIGTERM', () => process.exit(0));
side.ready({});
