import { ValidateInResponseTo, type SamlConfig } from '@node-saml/node-saml';
import { TestIdp } from './test-idp.js';
import type { LoginResponseOptions, TestIdpOptions } from './test-idp.types.js';
import { SP_ACS_URL, SP_ENTITY_ID, startLogin, strictSaml } from './strict-sp.spec-helper.js';

const ALICE = { nameId: 'alice@corp.example', email: 'alice@corp.example' };
const RESPONDER = 'urn:oasis:names:tc:SAML:2.0:status:Responder';

/** One SP-initiated login with strict node-saml; returns what node-saml made of the response. */
async function login(
  opts: Partial<LoginResponseOptions> | (() => Partial<LoginResponseOptions>),
  idpOptions: Partial<TestIdpOptions> = {},
  samlOverrides: Partial<SamlConfig> = {},
) {
  const saml = strictSaml(samlOverrides);
  const idp = new TestIdp({ ...idpOptions, sp: { entityId: SP_ENTITY_ID, acsUrl: SP_ACS_URL } });
  await startLogin(saml, idp);
  // Timestamps are taken right before signing, so the skew margins hold on a slow machine too.
  const { samlResponse } = await idp.loginResponse({ user: ALICE, ...(typeof opts === 'function' ? opts() : opts) });
  return saml.validatePostResponseAsync({ SAMLResponse: samlResponse }).then(
    (r) => ({ accepted: r.profile?.nameID }),
    (e: Error) => ({ refused: e.message }),
  );
}
const ago = (ms: number) => new Date(Date.now() - ms);
const later = (ms: number) => new Date(Date.now() + ms);
const accepted = { accepted: 'alice@corp.example' };

describe('what node-saml 5.1.0 checks on a login response (strict settings)', () => {
  it.each<[string, Partial<LoginResponseOptions> | (() => Partial<LoginResponseOptions>), string]>([
    [
      'a wrong audience',
      { audience: 'https://other-sp.example' },
      'SAML assertion audience mismatch. Expected: https://sp.test.example/metadata Received: https://other-sp.example',
    ],
    [
      'NotOnOrAfter 1 s outside the 2 s skew',
      () => ({ notOnOrAfter: ago(3000) }),
      'No valid subject confirmation found among those available in the SAML assertion',
    ],
    ['NotBefore 1 s beyond the 2 s skew', () => ({ notBefore: later(3000) }), 'SAML assertion not yet valid'],
    ['an unknown InResponseTo', { inResponseTo: '_never-sent' }, 'InResponseTo is not valid'],
    ['an unsolicited response', { inResponseTo: null }, 'InResponseTo is missing from response'],
    ['a signature by an unknown key', { signingKey: 'attacker' }, 'Invalid document signature'],
    ['an assertion-only signature', { signResponse: false }, 'Invalid document signature'],
    ['a response-only signature', { signAssertion: false }, 'Invalid signature'],
  ])('refuses %s', async (_name, opts, error) => {
    expect(await login(opts)).toEqual({ refused: error });
  });

  it('accepts timestamps 1 s inside the skew', async () => {
    expect(await login(() => ({ notOnOrAfter: ago(1000) }))).toEqual(accepted);
    expect(await login(() => ({ notBefore: later(1000) }))).toEqual(accepted);
  });

  it('refuses the same response posted twice (its request id is used up)', async () => {
    const saml = strictSaml();
    const idp = new TestIdp({ sp: { entityId: SP_ENTITY_ID, acsUrl: SP_ACS_URL } });
    await startLogin(saml, idp);
    const { samlResponse } = await idp.loginResponse({ user: ALICE });
    await saml.validatePostResponseAsync({ SAMLResponse: samlResponse });
    await expect(saml.validatePostResponseAsync({ SAMLResponse: samlResponse })).rejects.toThrow(
      'InResponseTo is not valid',
    );
  });
});

// Each of these is ACCEPTED by node-saml 5.1.0: the SP has to add the check.
describe('what node-saml 5.1.0 does not check (the SP must)', () => {
  it('accepts a wrong Response Destination', async () => {
    expect(await login({ destination: 'https://evil.example/acs' })).toEqual(accepted);
  });

  it('accepts a wrong SubjectConfirmationData Recipient', async () => {
    expect(await login({ recipient: 'https://evil.example/acs' })).toEqual(accepted);
  });

  it(
    'accepts a response from another Issuer signed with ' + 'a trusted key (idpIssuer is only checked on logout)',
    async () => {
      expect(await login({}, { entityId: 'https://other-idp.example/metadata' })).toEqual(accepted);
    },
  );

  it('accepts a failure StatusCode when a signed assertion is present', async () => {
    expect(await login({ statusCode: RESPONDER })).toEqual(accepted);
  });

  it('accepts an assertion issued a day ago while NotOnOrAfter is in the future (maxAssertionAgeMs is 0)', async () => {
    expect(await login(() => ({ issueInstant: ago(86_400_000) }))).toEqual(accepted);
  });

  it(
    'accepts an unsolicited response twice when InResponseTo ' + 'is "ifPresent" (no assertion-id replay cache)',
    async () => {
      const saml = strictSaml({ validateInResponseTo: ValidateInResponseTo.ifPresent });
      const idp = new TestIdp({ sp: { entityId: SP_ENTITY_ID, acsUrl: SP_ACS_URL } });
      const { samlResponse } = await idp.loginResponse({ user: ALICE, inResponseTo: null });
      for (let i = 0; i < 2; i++) {
        await expect(saml.validatePostResponseAsync({ SAMLResponse: samlResponse })).resolves.toMatchObject({
          profile: { nameID: 'alice@corp.example' },
        });
      }
    },
  );
});
