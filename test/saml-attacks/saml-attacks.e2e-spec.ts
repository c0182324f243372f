import request from 'supertest';
import { CustomerLinkService } from '../../src/index.js';
import { describeEachDb } from '../support/databases.js';
import { CUSTOMERS } from '../support/portal-app.js';
import type { SamlEnv, SamlTestApp } from '../support/saml-app.js';
import { PEOPLE, samlEnv, testIdp } from '../support/saml-app.js';
import { tamper } from '../support/test-idp/index.js';
import { expectRefused, markedPerson, postToAcs, runAttack } from './attack-context.js';
import { refusalCases } from './attack-cases.js';

/** The user id node-saml reads from the signed text `alice@corp.example<!---->.evil.example`. */
const COMMENT_SPLIT_ID = `${PEOPLE.alice.nameId}.evil.example`;
const SIZE_LIMIT = 20_000;

describeEachDb('SAML ACS refuses attacks', (kind) => {
  const idp = testIdp();
  // Another IdP's entity id, but holding the trusted key A (the default signing key).
  const otherIdp = testIdp({ entityId: 'https://other-idp.example/metadata' });
  let env: SamlEnv;
  let t: SamlTestApp;
  let small: SamlTestApp;

  beforeAll(async () => {
    env = await samlEnv(kind);
    t = await env.start({ idp });
    // Nest's own body parser stops at 100 kB; a small SAML limit keeps the size case cheap.
    small = await env.start({ idp, saml: { maxResponseBytes: SIZE_LIMIT } });
    // Gives the comment-split id its own customer, so the portal link shows which user signed in.
    await t.app.get(CustomerLinkService).link(COMMENT_SPLIT_ID, CUSTOMERS[1].id, { source: 'manual', createdBy: 'test' });
  });
  afterAll(async () => expect(await env.close()).toEqual([]));

  it('accepts the untouched response each case starts from (so each refusal is the attack\'s doing)', async () => {
    const outcome = await runAttack(env, t, idp, markedPerson('baseline'), (c) => c.sign());
    expect(outcome.status).toBe(303);
    expect(outcome.sessionCookie).toMatch(/^nomos\.sid=/);
    await outcome.agent.post('/portal/link').set('x-nomos-portal', '1').expect(404);
  });

  it.each(refusalCases(otherIdp))('refuses %s: 401, no session, a reason in the log', async (name, attack, reason) => {
    const person = markedPerson(name);
    await expectRefused(await runAttack(env, t, idp, person, attack), person, reason);
  });

  it('refuses the same response posted twice: first 303, then 401', async () => {
    const person = markedPerson('replay');
    let replayed = '';
    const first = await runAttack(env, t, idp, person, async (c) => (replayed = await c.sign()));
    expect(first.status).toBe(303);
    const second = await postToAcs(env, request.agent(t.http), replayed);
    // The request id is spent by the first post; the assertion-id cache would catch it next.
    await expectRefused(second, person, /^(InResponseTo is not valid|assertion already used \(replay\))$/);
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
    const big = await runAttack(env, small, idp, person, async (c) => tamper.oversize(SIZE_LIMIT + 1000, (genuine = await c.sign())));
    expect(big.logged).not.toContain(genuine.slice(0, 40));
    await expectRefused(big, person, new RegExp(`larger than ${SIZE_LIMIT} bytes`), 413);
    // The refusal happened before any SAML check: the same login still completes with the unpadded response.
    expect((await postToAcs(env, big.agent, genuine)).status).toBe(303);
  });
});
