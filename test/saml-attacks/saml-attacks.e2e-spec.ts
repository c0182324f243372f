import { createHash } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CustomerLinkService, SamlRequestEntry } from '../../src/index.js';
import { SamlAssertionEntry } from '../../src/saml/saml-assertion.entity.js';
import { describeEachDb } from '../support/databases.js';
import { CUSTOMERS } from '../support/portal-app.js';
import { PEOPLE, testIdp } from '../support/saml-app.js';
import * as tamper from '../support/saml-tamper/tamper.js';
import { useSamlEnv } from '../support/saml-suite.js';
import { expectRefused, markedPerson, postToAcs, runAttack } from './attack-context.js';
import { refusalCases } from './attack-cases.js';

/** The user id node-saml reads from the signed text `alice@corp.example<!---->.evil.example`. */
const COMMENT_SPLIT_ID = `${PEOPLE.alice.nameId}.evil.example`;
const SIZE_LIMIT = 20_000;

describeEachDb('SAML ACS refuses attacks', (kind) => {
  const idp = testIdp();
  // Another IdP's entity id, but holding the trusted key A (the default signing key).
  const otherIdp = testIdp({ entityId: 'https://other-idp.example/metadata' });
  const env = useSamlEnv(kind);
  const t = env.app({ idp });
  // Nest's own body parser stops at 100 kB; a small SAML limit keeps the size case cheap.
  const small = env.app({ idp, saml: { maxResponseBytes: SIZE_LIMIT } });
  const idpInitiated = env.app({ idp, saml: { allowIdpInitiated: true } });

  beforeAll(async () => {
    // Gives the comment-split id its own customer, so the portal link shows which user signed in.
    await t.app
      .get(CustomerLinkService)
      .link(COMMENT_SPLIT_ID, CUSTOMERS[1].id, { source: 'manual', createdBy: 'test' });
  });

  it("accepts the untouched response each case starts from (so each refusal is the attack's doing)", async () => {
    const outcome = await runAttack(env, t, idp, markedPerson('baseline'), (c) => c.sign());
    expect(outcome.status).toBe(303);
    expect(outcome.sessionCookie).toMatch(/^nomos\.sid=/);
    await outcome.agent.post('/portal/link').set('x-nomos-portal', '1').expect(404);
  });

  it.each(refusalCases(otherIdp))('refuses %s: 401, no session, a reason in the log', async (name, attack, reason) => {
    const person = markedPerson(name);
    await expectRefused(await runAttack(env, t, idp, person, attack), person, reason);
  });

  it('every case demands its own reason: an anchored pattern, never a catch-all', () => {
    for (const [name, , reason] of refusalCases(otherIdp)) {
      expect({ name, anchored: reason.source.startsWith('^') && reason.source.endsWith('$') }).toEqual({
        name,
        anchored: true,
      });
    }
  });

  describe('replay: which cache refuses', () => {
    const assertionIdOf = (samlResponse: string) =>
      /<(?:\w+:)?Assertion\b[^>]*\bID="([^"]+)"/.exec(Buffer.from(samlResponse, 'base64').toString('utf8'))![1];
    const cacheKey = (assertionId: string) =>
      `${createHash('sha256').update(idp.endpoints.entityId, 'utf8').digest('hex')}:${assertionId}`;
    const assertions = () => t.app.get(DataSource).getRepository(SamlAssertionEntry);
    const requests = () => t.app.get(DataSource).getRepository(SamlRequestEntry);

    it(
      'SP-initiated: the spent request id refuses first; with ' + 'the request id back, the assertion-id cache refuses',
      async () => {
        const person = markedPerson('replay');
        let replayed = '';
        let requestRow: SamlRequestEntry | null = null;
        const first = await runAttack(env, t, idp, person, async (c) => {
          requestRow = await requests().findOneBy({ key: c.requestId });
          return (replayed = await c.sign());
        });
        expect(first.status).toBe(303);
        expect(requestRow).not.toBeNull(); // node-saml's InResponseTo cache held the request id…
        expect(await requests().findOneBy({ key: requestRow!.key })).toBeNull(); // …and spent it
        const key = cacheKey(assertionIdOf(replayed));
        expect(await assertions().findOneBy({ id: key })).not.toBeNull(); // the assertion id is remembered

        // As it stands, node-saml's InResponseTo check refuses the replay, before the assertion cache is asked.
        await expectRefused(
          await postToAcs(env, request.agent(t.http), replayed),
          person,
          /^InResponseTo is not valid$/,
        );
        // With the assertion row gone too, that check alone still refuses it.
        await assertions().delete({ id: key });
        await expectRefused(
          await postToAcs(env, request.agent(t.http), replayed),
          person,
          /^InResponseTo is not valid$/,
        );
        // Put the assertion row back and let the InResponseTo check pass (as if the request were still
        // remembered): now the assertion-id cache is what decides, and it refuses.
        await assertions().insert({ id: key, expiresAt: Date.now() + 600_000 });
        await requests().insert({ ...requestRow!, expiresAt: Date.now() + 600_000 });
        await expectRefused(
          await postToAcs(env, request.agent(t.http), replayed),
          person,
          /^assertion already used \(replay\)$/,
        );
      },
    );

    it('IdP-initiated: only the assertion-id cache stands between a replay and a session', async () => {
      const person = markedPerson('unsolicited-replay');
      const user = {
        nameId: person.nameId,
        email: person.email,
        displayName: person.displayName,
        groups: [...person.groups],
      };
      const { samlResponse } = await idp.loginResponse({ user, inResponseTo: null });
      const first = await postToAcs(env, request.agent(idpInitiated.http), samlResponse);
      expect(first.status).toBe(303);
      expect(first.sessionCookie).toMatch(/^nomos\.sid=/);
      const key = cacheKey(assertionIdOf(samlResponse));
      const repo = idpInitiated.app.get(DataSource).getRepository(SamlAssertionEntry);
      expect(await repo.findOneBy({ id: key })).not.toBeNull();

      await expectRefused(
        await postToAcs(env, request.agent(idpInitiated.http), samlResponse),
        person,
        /^assertion already used \(replay\)$/,
      );
      // Without that row nothing else refuses it: the same response signs a new browser in.
      await repo.delete({ id: key });
      const again = await postToAcs(env, request.agent(idpInitiated.http), samlResponse);
      expect(again.status).toBe(303);
      expect(again.sessionCookie).toMatch(/^nomos\.sid=/);
    });
  });

  it('reads a NameID split by a comment as the whole signed text, never as alice', async () => {
    const agent = request.agent(t.http);
    const login = await agent.get('/auth/saml/login?returnTo=%2Fportal').expect(302);
    const { id } = idp.parseAuthnRequest(login.headers.location);
    const outcome = await postToAcs(env, agent, await tamper.nameIdWithComment(idp, { inResponseTo: id }));
    expect(outcome.status).toBe(303);
    // alice@corp.example is linked to CUSTOMERS[0], the comment-split id to CUSTOMERS[1].
    const { body } = await agent.post('/portal/link').set('x-nomos-portal', '1').expect(200);
    expect(env.emulator.issuedLinks().find((l) => l.link === body.link)?.customerId).toBe(CUSTOMERS[1].id);
  });

  it(`answers 413 for a response over the configured ${SIZE_LIMIT} bytes, and accepts it below`, async () => {
    const person = markedPerson('oversize');
    let genuine = '';
    const big = await runAttack(env, small, idp, person, async (c) =>
      tamper.oversize(SIZE_LIMIT + 1000, (genuine = await c.sign())),
    );
    expect(big.logged).not.toContain(genuine.slice(0, 40));
    await expectRefused(big, person, new RegExp(`^larger than ${SIZE_LIMIT} bytes$`), 413);
    // The refusal happened before any SAML check: the same login still completes with the unpadded response.
    expect((await postToAcs(env, big.agent, genuine)).status).toBe(303);
  });
});
