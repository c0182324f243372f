/**
 * Invariant 7 on the SAML routes: sizes are capped and signatures checked before anything is
 * inflated or parsed. Each case proves the order through the reason the app logs: a bomb far
 * beyond the inflate cap is refused for its signature (so it was never inflated), the same bomb
 * correctly signed is refused by the inflate cap (so inflation is capped), hostile XML shapes are
 * refused by the preflight (so no DOM parser saw them). Never timings.
 */
import request from 'supertest';
import { describeEachDb } from '../support/databases.js';
import type { SamlTestApp } from '../support/saml-app.js';
import { PEOPLE, SP_BASE_URL, signIn, testIdp } from '../support/saml-app.js';
import type { TestIdp } from '../../src/testing/index.js';
import { useSamlEnv } from '../support/saml-suite.js';
import {
  base64,
  deflatedBytes,
  hostileXml,
  lineBreakRun,
  logoutRequestXml,
  redirectMessage,
  responseXml,
} from './hostile-corpus.js';

const LOGOUT_URL = `${SP_BASE_URL}/auth/saml/logout`;
const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

describeEachDb('SAML message bounds', (kind) => {
  const env = useSamlEnv(kind);
  let t: SamlTestApp;
  let idp: TestIdp;
  const logout = (inner: string) => logoutRequestXml(LOGOUT_URL, idp.endpoints.entityId, inner);

  beforeAll(async () => {
    idp = testIdp();
    t = await env.start({ idp });
  });

  /** The warn lines the app logged while `send` ran. */
  async function logged(send: () => Promise<unknown>): Promise<string> {
    const from = env.logs.text.length;
    await send();
    return env.logs.text.slice(from);
  }

  describe('HTTP-Redirect logout messages', () => {
    const bomb = () => hostileXml.bomb(logout, 8_000_000);

    it('refuses a forged-signature compression bomb for its signature: it is never inflated', async () => {
      const xml = bomb();
      expect(deflatedBytes(xml)).toBeLessThan(12_000); // 8 MB of XML in a ~10 KB URL
      const url = redirectMessage(LOGOUT_URL, xml, 'attacker');
      const lines = await logged(() => request(t.http).get(pathOf(url)).expect(400));
      expect(lines).toContain('SAML logout message refused: signature invalid');
      expect(lines).not.toMatch(/inflates to more than/);
    });

    it('refuses an unsigned bomb as unsigned, before decoding it', async () => {
      const lines = await logged(() =>
        request(t.http)
          .get(pathOf(redirectMessage(LOGOUT_URL, bomb(), 'unsigned')))
          .expect(400),
      );
      expect(lines).toContain('SAML logout message refused: unsigned');
    });

    it('stops a correctly signed bomb at the inflate cap', async () => {
      const lines = await logged(() =>
        request(t.http)
          .get(pathOf(redirectMessage(LOGOUT_URL, bomb(), 'A')))
          .expect(400),
      );
      expect(lines).toContain('SAML logout message refused: SAMLRequest inflates to more than 65536 bytes');
    });

    it(
      'refuses correctly signed deep nesting, many attributes ' + 'and namespaces, and a DOCTYPE in the preflight',
      async () => {
        const cases: Array<[string, string]> = [
          [hostileXml.deepNesting(logout, 100), 'SAMLRequest nests elements deeper than 16'],
          [hostileXml.manyAttributes(logout, 100), 'SAMLRequest has an element with more than 32 attributes'],
          [hostileXml.manyNamespaces(logout, 40), 'SAMLRequest declares more than 32 namespaces'],
          [hostileXml.manyElements(logout, 5000), 'SAMLRequest has more than 64 elements'],
          [hostileXml.entityExpansion(logout), 'SAMLRequest contains a DOCTYPE'],
          [logout('<?evil x?>'), 'SAMLRequest contains a processing instruction'],
        ];
        for (const [xml, reason] of cases) {
          const lines = await logged(() =>
            request(t.http)
              .get(pathOf(redirectMessage(LOGOUT_URL, xml, 'A')))
              .expect(400),
          );
          expect(lines).toContain(`SAML logout message refused: ${reason}`);
        }
      },
    );

    it('refuses a repeated parameter, whose signed and read values could differ', async () => {
      const url = redirectMessage(LOGOUT_URL, logout(''), 'A');
      const lines = await logged(() =>
        request(t.http)
          .get(`${pathOf(url)}&SAMLRequest=AAAA`)
          .expect(400),
      );
      expect(lines).toContain('SAML logout message refused: SAMLRequest appears more than once');
    });
  });

  describe('HTTP-POST logout messages (checked before the signature, unsigned here)', () => {
    it.each([
      ['deep nesting', () => base64(hostileXml.deepNesting(logout)), 'SAMLRequest nests elements deeper than 16'],
      [
        'a DOCTYPE with entity expansion',
        () => base64(hostileXml.entityExpansion(logout)),
        'SAMLRequest contains a DOCTYPE',
      ],
      [
        'a body over the base64 cap',
        () => base64(hostileXml.bomb(logout, 70_000)),
        'SAMLRequest is longer than 90000 characters',
      ],
      ['non-base64', () => '%%%<samlp:LogoutRequest/>', 'SAMLRequest is not base64'],
      ['a run of line breaks', () => lineBreakRun(), 'SAMLRequest is not base64'],
    ])('refuses %s', async (_name, value, reason) => {
      const lines = await logged(() =>
        request(t.http).post('/auth/saml/logout').type('form').send({ SAMLRequest: value() }).expect(400),
      );
      expect(lines).toContain(`SAML logout message refused: ${reason}`);
    });

    it('refuses many namespace declarations across the document', async () => {
      const inner = Array.from({ length: 40 }, (_, i) => `<a xmlns:p="urn:x:${i}"/>`).join('');
      const lines = await logged(() =>
        request(t.http)
          .post('/auth/saml/logout')
          .type('form')
          .send({ SAMLRequest: base64(logout(inner)) })
          .expect(400),
      );
      expect(lines).toContain('SAML logout message refused: SAMLRequest declares more than 32 namespaces');
    });
  });

  describe('the ACS', () => {
    it.each([
      ['deep nesting', () => base64(hostileXml.deepNesting(responseXml)), 'SAMLResponse nests elements deeper than 32'],
      [
        'many elements',
        () => base64(hostileXml.manyElements(responseXml, 5000)),
        'SAMLResponse has more than 512 elements',
      ],
      [
        'many attributes',
        () => base64(hostileXml.manyAttributes(responseXml, 100)),
        'SAMLResponse has an element with more than 32 attributes',
      ],
      [
        'a DOCTYPE with entity expansion',
        () => base64(hostileXml.entityExpansion(responseXml)),
        'SAMLResponse contains a DOCTYPE',
      ],
      [
        'a processing instruction',
        () => base64(responseXml('<?php x ?>')),
        'SAMLResponse contains a processing instruction',
      ],
      ['a run of line breaks (quadratic for the old base64 check)', () => lineBreakRun(), 'SAMLResponse is not base64'],
    ])('refuses %s in the preflight', async (_name, value, reason) => {
      const agent = request.agent(t.http);
      await agent.get('/auth/saml/login').expect(302);
      const lines = await logged(() =>
        agent.post('/auth/saml/acs').type('form').send({ SAMLResponse: value(), RelayState: '' }).expect(401),
      );
      expect(lines).toContain(`SAML response refused: ${reason}`);
    });

    it('still signs a real person in', async () => {
      expect((await signIn(request.agent(t.http), idp, PEOPLE.alice)).status).toBe(303);
    });
  });
});
