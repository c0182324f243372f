import request from 'supertest';
import { DataSource } from 'typeorm';
import type { PortalErrorPage } from '../../src/index.js';
import { describeEachDb } from '../support/databases.js';
import type { SamlTestApp } from '../support/saml-app.js';
import { PEOPLE, testIdp } from '../support/saml-app.js';
import { useSamlEnv } from '../support/saml-suite.js';

const alice = { ...PEOPLE.alice, groups: [...PEOPLE.alice.groups] };
// What an IdP's auto-submitting form sends (Chromium's navigation Accept header).
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
/** The host's own layout for error pages (`portal.renderErrorPage`). */
const hostPage = (page: PortalErrorPage) =>
  `<!doctype html><html><body class="intranet"><h1>${page.title}</h1>` +
  `<p data-code="${page.code}" data-status="${page.status}">${page.message}</p>` +
  `<small>${page.requestId}</small></body></html>`;

describeEachDb('SAML errors: a page for browsers, JSON for API clients', (kind) => {
  const idp = testIdp();
  const env = useSamlEnv(kind);
  const t = env.app({ idp });
  const hosted = env.app({ idp, portal: { renderErrorPage: hostPage } });
  const small = env.app({ idp, saml: { maxResponseBytes: 2048 } });

  /** A genuine response to a real login of `app`, signed with `overrides` (e.g. another Destination). */
  async function signedResponse(app: SamlTestApp, overrides: Record<string, unknown> = {}) {
    const agent = request.agent(app.http);
    const authn = idp.parseAuthnRequest(
      (await agent.get('/auth/saml/login?returnTo=/portal').expect(302)).headers.location,
    );
    const { samlResponse } = await idp.loginResponse({ user: alice, inResponseTo: authn.id, ...overrides });
    return { agent, samlResponse };
  }

  const logged = async (act: () => Promise<unknown>) => {
    const mark = env.logs.text.length;
    await act();
    return env.logs.text.slice(mark);
  };

  it('shows a browser the error page, status 401, for a refused ACS post', async () => {
    const { agent, samlResponse } = await signedResponse(t, { signingKey: 'attacker' });
    const res = await agent
      .post('/auth/saml/acs')
      .set('accept', BROWSER_ACCEPT)
      .type('form')
      .send({ SAMLResponse: samlResponse })
      .expect(401);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<h1>Sign-in failed</h1>');
    expect(res.text).toContain(`<code>${res.headers['x-request-id']}</code>`);
    expect(res.text).not.toMatch(/"message"|statusCode/);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('answers an API client JSON {statusCode, code, message, requestId} for the same refusal', async () => {
    const { agent, samlResponse } = await signedResponse(t, { signingKey: 'attacker' });
    const res = await agent
      .post('/auth/saml/acs')
      .set('accept', 'application/json')
      .type('form')
      .send({ SAMLResponse: samlResponse })
      .expect(401);
    expect(res.body).toEqual({
      statusCode: 401,
      code: 'SAML_SIGN_IN_REJECTED',
      message: 'The sign-in could not be completed. Please go back to the start page and sign in again.',
      requestId: res.headers['x-request-id'],
    });
    const bare = await request(t.http)
      .post('/auth/saml/acs')
      .type('form')
      .send({ SAMLResponse: 'bm90IFhNTA==' })
      .expect(401);
    expect(bare.body.code).toBe('SAML_SIGN_IN_REJECTED');
  });

  it('renders the page in the host’s layout when portal.renderErrorPage is given', async () => {
    const res = await request(hosted.http)
      .post('/auth/saml/acs')
      .set('accept', BROWSER_ACCEPT)
      .type('form')
      .send({ SAMLResponse: 'bm90IFhNTA==' })
      .expect(401);
    expect(res.text).toContain('<body class="intranet">');
    expect(res.text).toContain('data-code="SAML_SIGN_IN_REJECTED" data-status="401"');
  });

  it('refuses a completion step from the wrong browser with the same page', async () => {
    const { agent, samlResponse } = await signedResponse(t);
    const acs = await agent.post('/auth/saml/acs').type('form').send({ SAMLResponse: samlResponse }).expect(303);
    const res = await request(t.http).get(acs.headers.location).set('accept', BROWSER_ACCEPT).expect(401);
    expect(res.text).toContain('<h1>Sign-in failed</h1>');
  });

  it('answers 413 for a response over saml.maxResponseBytes: page or JSON', async () => {
    const body = { SAMLResponse: 'A'.repeat(4096) };
    const page = await request(small.http)
      .post('/auth/saml/acs')
      .set('accept', BROWSER_ACCEPT)
      .type('form')
      .send(body)
      .expect(413);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const json = await request(small.http).post('/auth/saml/acs').type('form').send(body).expect(413);
    expect(json.body).toMatchObject({ statusCode: 413, code: 'SAML_MESSAGE_TOO_LARGE' });
  });

  it('answers a refused logout message 400: page for browsers, JSON otherwise', async () => {
    const message = {
      SAMLResponse: Buffer.from('<samlp:LogoutResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>').toString(
        'base64',
      ),
    };
    const page = await request(t.http)
      .post('/auth/saml/logout')
      .set('accept', BROWSER_ACCEPT)
      .type('form')
      .send(message)
      .expect(400);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<h1>Sign-out failed</h1>');
    const json = await request(t.http).post('/auth/saml/logout').type('form').send(message).expect(400);
    expect(json.body).toMatchObject({
      statusCode: 400,
      code: 'SAML_LOGOUT_REJECTED',
      requestId: json.headers['x-request-id'],
    });
  });

  it('names the expected and the received Destination in the log line, escaped', async () => {
    const received = 'http://localhost:4400/other/acs\u202e';
    const { agent, samlResponse } = await signedResponse(t, { destination: received });
    const lines = await logged(() =>
      agent.post('/auth/saml/acs').type('form').send({ SAMLResponse: samlResponse }).expect(401),
    );
    expect(lines).toContain(
      'SAML response refused: Destination is not this ACS (expected "http://localhost:4400/auth/saml/acs", received "http://localhost:4400/other/acs\\u{202e}")',
    );
    expect(lines).not.toContain('\u202e');
  });

  it('names the expected and the received Recipient, and Audience, in the log line', async () => {
    const recipient = await signedResponse(t, { recipient: 'https://elsewhere.example/acs' });
    const recipientLines = await logged(() =>
      recipient.agent.post('/auth/saml/acs').type('form').send({ SAMLResponse: recipient.samlResponse }).expect(401),
    );
    expect(recipientLines).toContain(
      'Recipient is not this ACS (expected "http://localhost:4400/auth/saml/acs", received "https://elsewhere.example/acs")',
    );
    const audience = await signedResponse(t, { audience: 'https://other-sp.example/saml' });
    const audienceLines = await logged(() =>
      audience.agent.post('/auth/saml/acs').type('form').send({ SAMLResponse: audience.samlResponse }).expect(401),
    );
    expect(audienceLines).toContain(
      'SAML assertion audience mismatch. Expected: https://intranet.corp.example/saml Received: https://other-sp.example/saml',
    );
  });

  it('answers 503 when the database cannot hold a login, logging the class and code only', async () => {
    const source = t.app.get(DataSource);
    await source.query('ALTER TABLE nomos_saml_requests RENAME TO nomos_saml_requests_away');
    let lines: string;
    let res!: request.Response;
    try {
      lines = await logged(
        async () => (res = await request(t.http).get('/auth/saml/login').set('accept', BROWSER_ACCEPT)),
      );
    } finally {
      await source.query('ALTER TABLE nomos_saml_requests_away RENAME TO nomos_saml_requests');
    }
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('30');
    expect(res.text).toContain('<h1>Sign-in unavailable</h1>');
    expect(lines).toMatch(/SAML request [0-9a-f-]+ failed: database unavailable \(QueryFailedError/);
    expect(lines).not.toMatch(/nomos_saml_requests|SELECT|INSERT|\n\s+at /);
    await request(t.http).get('/auth/saml/login').expect(302);
  });
});
