import request from 'supertest';
import { describeEachDb } from '../support/databases.js';
import { PEOPLE, signIn, testIdp } from '../support/saml-app.js';
import { useSamlEnv } from '../support/saml-suite.js';

// The rotating app's clock skew (the product's default). The response "inside" expired 10 s less
// than the skew before the sign-in began, so the whole sign-in may take up to 10 s on a busy machine
// and still be checked inside the skew. "Outside" is 1 s past it, a margin that only grows as the
// sign-in takes longer.
const SKEW_MS = 30_000;

describeEachDb('SAML trust settings', (kind) => {
  const idp = testIdp();
  const env = useSamlEnv(kind);
  // acceptedClockSkewMs is 2000 in the other test apps.
  const rotating = env.app({
    idp,
    saml: { idp: { metadataXml: idp.metadataXml(['A', 'B']) }, acceptedClockSkewMs: SKEW_MS },
  });
  const unsolicited = env.app({ idp, saml: { allowIdpInitiated: true } });

  it.each(['A', 'B'] as const)(
    'accepts responses signed by IdP key %s while both certificates are configured',
    async (key) => {
      const acs = await signIn(request.agent(rotating.http), idp, PEOPLE.alice, '/portal', { signingKey: key });
      expect(acs.status).toBe(303);
    },
  );

  it('still refuses a key that is not configured', async () => {
    const acs = await signIn(request.agent(rotating.http), idp, PEOPLE.alice, '/portal', { signingKey: 'attacker' });
    expect(acs.status).toBe(401);
  });

  it('accepts NotOnOrAfter inside the skew and refuses it one second outside', async () => {
    const inside = await signIn(request.agent(rotating.http), idp, PEOPLE.alice, '/portal', {
      notOnOrAfter: new Date(Date.now() - (SKEW_MS - 10_000)),
    });
    expect(inside.status).toBe(303);
    const outside = await signIn(request.agent(rotating.http), idp, PEOPLE.alice, '/portal', {
      notOnOrAfter: new Date(Date.now() - (SKEW_MS + 1000)),
    });
    expect(outside.status).toBe(401);
  });

  it('accepts an unsolicited response only where IdP-initiated login is enabled', async () => {
    const make = async () =>
      (await idp.loginResponse({ user: { ...PEOPLE.alice, groups: ['staff'] }, inResponseTo: null })).samlResponse;
    await request(unsolicited.http)
      .post('/auth/saml/acs')
      .type('form')
      .send({ SAMLResponse: await make(), RelayState: '/portal' })
      .expect(303);
    await request(rotating.http)
      .post('/auth/saml/acs')
      .type('form')
      .send({ SAMLResponse: await make() })
      .expect(401);
  });

  it('refuses the same unsolicited response twice even where IdP-initiated login is enabled', async () => {
    const { samlResponse } = await idp.loginResponse({
      user: { ...PEOPLE.alice, groups: ['staff'] },
      inResponseTo: null,
    });
    await request(unsolicited.http)
      .post('/auth/saml/acs')
      .type('form')
      .send({ SAMLResponse: samlResponse })
      .expect(303);
    await request(unsolicited.http)
      .post('/auth/saml/acs')
      .type('form')
      .send({ SAMLResponse: samlResponse })
      .expect(401);
  });
});
