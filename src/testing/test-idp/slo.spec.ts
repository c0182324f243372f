import type { Profile } from '@node-saml/node-saml';
import { decodeRedirect, RSA_SHA1, RSA_SHA256 } from './redirect-binding.js';
import { TestIdp } from './test-idp.js';
import { testKeys } from './test-keys.js';
import {
  IDP_ENTITY_ID,
  SP_ACS_URL,
  SP_ENTITY_ID,
  SP_SLO_URL,
  strictSaml,
  validateRedirect,
} from './strict-sp.spec-helper.js';

const keys = testKeys();
const signing = { privateKey: keys.spSigning.key, publicCert: keys.spSigning.cert };
const ALICE = {
  issuer: IDP_ENTITY_ID,
  nameID: 'alice@corp.example',
  nameIDFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  sessionIndex: '_s1',
} as Profile;

function newIdp(signingKey: 'A' | 'B' = 'A'): TestIdp {
  return new TestIdp({
    signingKey,
    sp: { entityId: SP_ENTITY_ID, acsUrl: SP_ACS_URL, sloUrl: SP_SLO_URL, spSigningCert: keys.spSigning.cert },
  });
}

describe('single logout between node-saml and the TestIdp (HTTP-Redirect)', () => {
  it('SP-initiated: node-saml LogoutRequest → IdP parses it → IdP LogoutResponse → node-saml accepts it', async () => {
    const saml = strictSaml(signing);
    const idp = newIdp();
    const request = idp.parseLogoutRequest(await saml.getLogoutUrlAsync(ALICE, '/bye', {}));
    expect(request).toEqual({
      id: expect.stringMatching(/^_/),
      nameId: 'alice@corp.example',
      nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      sessionIndex: '_s1',
      signatureValid: true,
    });

    const { redirectUrl } = idp.logoutResponse({
      inResponseTo: request.id,
      destination: SP_SLO_URL,
      relayState: '/bye',
    });
    expect(redirectUrl.startsWith(`${SP_SLO_URL}?SAMLResponse=`)).toBe(true);
    expect(decodeRedirect(redirectUrl)).toMatchObject({ relayState: '/bye', sigAlg: RSA_SHA256 });
    await expect(validateRedirect(saml, redirectUrl)).resolves.toEqual({ profile: null, loggedOut: true });

    // Finding for the SP: the request id stays in node-saml's cache, so the same LogoutResponse is accepted again.
    await expect(validateRedirect(saml, redirectUrl)).resolves.toEqual({ profile: null, loggedOut: true });
  });

  it(
    'SP-initiated: a LogoutResponse to an unknown request, with ' +
      'a failure status, or signed by an unknown key is refused',
    async () => {
      const saml = strictSaml(signing);
      const idp = newIdp();
      const unknown = idp.logoutResponse({ inResponseTo: '_never-sent', destination: SP_SLO_URL });
      await expect(validateRedirect(saml, unknown.redirectUrl)).rejects.toThrow('InResponseTo is not valid');
      const { id } = idp.parseLogoutRequest(await saml.getLogoutUrlAsync(ALICE, '', {}));
      const failed = idp.logoutResponse({
        inResponseTo: id,
        destination: SP_SLO_URL,
        statusCode: 'urn:oasis:names:tc:SAML:2.0:status:Responder',
      });
      await expect(validateRedirect(saml, failed.redirectUrl)).rejects.toThrow('Bad status code');
      const rogue = new TestIdp({ signingKey: keys.attacker, sp: idp.sp }).logoutResponse({
        inResponseTo: id,
        destination: SP_SLO_URL,
      });
      await expect(validateRedirect(saml, rogue.redirectUrl)).rejects.toThrow('Invalid query signature');
    },
  );

  it('the IdP sees an unsigned LogoutRequest as not validly signed', async () => {
    expect(newIdp().parseLogoutRequest(await strictSaml().getLogoutUrlAsync(ALICE, '', {})).signatureValid).toBe(false);
  });

  it(
    'IdP-initiated: a signed LogoutRequest (key A or B) is ' + 'validated by node-saml and names the user and session',
    async () => {
      const saml = strictSaml(signing);
      for (const key of ['A', 'B'] as const) {
        const { redirectUrl, id } = newIdp(key).logoutRequest({
          nameId: 'alice@corp.example',
          sessionIndex: '_s1',
          destination: SP_SLO_URL,
          relayState: 'r1',
        });
        expect(decodeRedirect(redirectUrl)).toMatchObject({
          param: 'SAMLRequest',
          relayState: 'r1',
          sigAlg: RSA_SHA256,
        });
        await expect(validateRedirect(saml, redirectUrl)).resolves.toEqual({
          loggedOut: true,
          profile: {
            ID: id,
            issuer: IDP_ENTITY_ID,
            nameID: 'alice@corp.example',
            nameIDFormat: ALICE.nameIDFormat,
            sessionIndex: '_s1',
          },
        });
      }
    },
  );

  it('IdP-initiated: a LogoutRequest signed by an unknown key is refused', async () => {
    const rogue = new TestIdp({ signingKey: keys.attacker, sp: newIdp().sp });
    const { redirectUrl } = rogue.logoutRequest({ nameId: 'alice@corp.example', destination: SP_SLO_URL });
    await expect(validateRedirect(strictSaml(), redirectUrl)).rejects.toThrow('Invalid query signature');
  });

  // Findings for the SP: node-saml checks a redirect signature only when one is present, and takes
  // any SigAlg Node knows, SHA-1 included. The SP must require a signature (and SHA-256) itself.
  it('node-saml accepts an UNSIGNED IdP-initiated LogoutRequest', async () => {
    const { redirectUrl } = newIdp().logoutRequest({
      nameId: 'alice@corp.example',
      destination: SP_SLO_URL,
      signed: false,
    });
    expect(decodeRedirect(redirectUrl).signature).toBeUndefined();
    await expect(validateRedirect(strictSaml(), redirectUrl)).resolves.toMatchObject({
      loggedOut: true,
      profile: { nameID: 'alice@corp.example' },
    });
  });

  it('node-saml accepts an RSA-SHA1 signed LogoutRequest', async () => {
    const { redirectUrl } = newIdp().logoutRequest({
      nameId: 'alice@corp.example',
      destination: SP_SLO_URL,
      sigAlg: RSA_SHA1,
    });
    expect(decodeRedirect(redirectUrl).sigAlg).toBe(RSA_SHA1);
    await expect(validateRedirect(strictSaml(), redirectUrl)).resolves.toMatchObject({ loggedOut: true });
  });
});
