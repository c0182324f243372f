// Issue 11, deliverable 7: a person without a linked customer is told what happens next and, when the
// host configured a signup, offered it with a reference to them that the webhook receiver reads back.
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { readSignupReference, SIGNUP_REFERENCE_KEY } from '../../src/index.js';
import { describeEachDb } from '../support/databases.js';
import type { PortalTestApp } from '../support/portal-app.js';
import { startPortalApp } from '../support/portal-app.js';

const SECRET = randomBytes(32).toString('base64url');

describeEachDb('a first visit without a linked customer', (kind) => {
  let t: PortalTestApp;

  beforeAll(async () => {
    t = await startPortalApp(kind, {
      portal: { signup: { url: 'https://energy.corp.example/signup?plan=staff', referenceSecret: SECRET } },
    });
  });
  afterAll(async () => {
    const leaks = t.logs.leaks(t.secrets());
    await t.close();
    expect(leaks).toEqual([]);
  });

  const referenceIn = (href: string) => new URL(href).searchParams.get(SIGNUP_REFERENCE_KEY) ?? '';

  it('offers the signup on the page, with a reference to this person only', async () => {
    const before = Date.now();
    const page = await request(t.http).get('/portal').set('x-test-user', 'carol').set('Accept', 'text/html');
    expect(page.status).toBe(404);
    expect(page.text).toContain('No energy account linked');
    const href = /<a href="([^"]+)">No energy account yet\?/.exec(page.text)?.[1].replaceAll('&amp;', '&');
    expect(href).toMatch(/^https:\/\/energy\.corp\.example\/signup\?plan=staff&nomos_portal_ref=/);
    const person = readSignupReference(referenceIn(href!), [SECRET], Date.now());
    expect(person).toEqual({ issuer: 'app', subject: 'carol' });
    // Good for the configured 14 days, not longer; forged with another secret it reads as nothing.
    expect(readSignupReference(referenceIn(href!), [SECRET], before + 14 * 86_400_000 - 1000)).toBeDefined();
    expect(readSignupReference(referenceIn(href!), [SECRET], Date.now() + 14 * 86_400_000 + 1000)).toBeUndefined();
    expect(readSignupReference(referenceIn(href!), [randomBytes(32).toString('hex')], Date.now())).toBeUndefined();
  });

  it('gives the same next step to the JSON route', async () => {
    const answer = await request(t.http).post('/portal/link').set('x-test-user', 'carol').set('x-nomos-portal', '1');
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ code: 'CUSTOMER_NOT_LINKED', nextStep: { label: expect.any(String) } });
    expect(readSignupReference(referenceIn(answer.body.nextStep.href), [SECRET], Date.now())).toEqual({
      issuer: 'app',
      subject: 'carol',
    });
  });

  it('offers nothing to a linked person, and no signup where none is configured', async () => {
    const linked = await request(t.http).get('/portal').set('x-test-user', 'alice').set('Accept', 'text/html');
    expect(linked.status).toBe(302);
    const plain = await startPortalApp(kind);
    try {
      const page = await request(plain.http).get('/portal').set('x-test-user', 'carol').set('Accept', 'text/html');
      expect(page.status).toBe(404);
      expect(page.text).not.toContain(SIGNUP_REFERENCE_KEY);
      const json = await request(plain.http)
        .post('/portal/link')
        .set('x-test-user', 'carol')
        .set('x-nomos-portal', '1');
      expect(json.body.nextStep).toBeUndefined();
    } finally {
      await plain.close();
    }
  });
});
