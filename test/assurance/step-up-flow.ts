import type request from 'supertest';
import type { LoginResponseOptions, ParsedAuthnRequest, TestIdp } from '../../src/testing/index.js';
import { completeSignIn, PEOPLE } from '../support/saml-app.js';

/** A browser's cookie jar against one app. */
export type Agent = ReturnType<typeof request.agent>;

/** What the IdP makes of one sign-in: how (class ref, methods) and when the person authenticated. */
export type IdpAnswer = Partial<Omit<LoginResponseOptions, 'user'>> & { methods?: string[] };

/** Entra's claim with the authentication methods, which the module reads by default. */
export const METHODS_CLAIM = 'http://schemas.microsoft.com/claims/authnmethodsreferences';
/** Entra's "multi-factor" value: a method in that claim, and a class ref at Entra/AD FS. */
export const MFA = 'http://schemas.microsoft.com/claims/multipleauthn';
/** What the test IdP asserts unless told otherwise: a password over TLS. */
export const PASSWORD = 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport';

/** The result of one round trip through the IdP: what it was asked, and where the browser landed. */
export interface RoundTrip {
  asked: ParsedAuthnRequest;
  landed: request.Response;
}

/**
 * Follows `loginUrl` (a path of the app's login route) to the IdP, lets the IdP answer as told
 * (alice, with `answer`'s class ref, instant and methods) and completes the sign-in in this browser.
 */
export async function roundTrip(
  agent: Agent,
  idp: TestIdp,
  loginUrl: string,
  answer: IdpAnswer = {},
): Promise<RoundTrip> {
  const login = await agent.get(loginUrl).expect(302);
  const asked = idp.parseAuthnRequest(login.headers.location);
  const { methods, ...options } = answer;
  const { samlResponse } = await idp.loginResponse({
    user: {
      ...PEOPLE.alice,
      groups: [...PEOPLE.alice.groups],
      attributes: methods ? { [METHODS_CLAIM]: methods } : {},
    },
    inResponseTo: asked.id,
    ...options,
  });
  const acs = await agent
    .post('/auth/saml/acs')
    .type('form')
    .send({ SAMLResponse: samlResponse, RelayState: asked.relayState ?? '' });
  return { asked, landed: await completeSignIn(agent, acs) };
}

/** Opens the portal as a browser's top-level navigation. */
export function openPortal(agent: Agent): request.Test {
  return agent
    .get('/portal')
    .set('Accept', 'text/html')
    .set('Sec-Fetch-Mode', 'navigate')
    .set('Sec-Fetch-Dest', 'document');
}

/** The login route a refused browser is sent to: the module's own, back to /portal, forced. */
export const STEP_UP_LOCATION = '/auth/saml/login?returnTo=%2Fportal&forceAuthn=1';

/** Whether the answer sets (a non-empty) or drops (an empty, expired) step-up mark. */
export function stepUpCookie(response: request.Response): 'set' | 'cleared' | undefined {
  const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  const mark = cookies.find((cookie) => cookie.startsWith('nomos-step-up='));
  if (mark === undefined) return undefined;
  return mark.startsWith('nomos-step-up=1;') ? 'set' : 'cleared';
}
