import type { TestIdp } from '../test-idp/test-idp.js';
import type { LoginResponseOptions, TestIdpUser } from '../test-idp/test-idp.types.js';
import type { AppTarget } from './app-address.js';
import { CookieAgent, type CookieAgentOptions } from './cookie-agent.js';

/** Who signs in, through which test IdP, and where the app's SAML routes are. */
export interface SignInOptions extends TestIdpUser, CookieAgentOptions {
  /** The test IdP the app trusts (its `metadataXml()` is the app's `saml.idp.metadataXml`). */
  idp: TestIdp;
  /** Sent to the login route as `returnTo`. @default none (the app's `saml.defaultReturnTo`) */
  returnTo?: string;
  /** The app's SAML login route, with any global prefix. @default '/auth/saml/login' */
  loginPath?: string;
  /** Anything else the IdP's response should say or do (e.g. `encrypt: true`); `user` comes from above. */
  response?: Omit<LoginResponseOptions, 'user'>;
}

/** Which step of {@link signIn} got an unexpected answer. */
export type SignInStep = 'login' | 'acs' | 'complete';

/** The app did not sign the person in; says at which step and with what HTTP status. */
export class SignInError extends Error {
  constructor(
    readonly step: SignInStep,
    readonly status: number,
    expected: string,
  ) {
    // Status only: a body or a Location may carry a one-time value.
    super(`signIn: the ${step} step answered ${status}, expected ${expected}`);
    this.name = 'SignInError';
  }
}

/**
 * Signs a person in against a running app with real SAML, the way a browser does: the app's login
 * route (`302` to the IdP with an AuthnRequest), the test IdP's signed response posted to the ACS
 * (`303`), then the completion step that starts the session for this browser only (`303` to
 * `returnTo`). Resolves with the cookie-keeping agent that holds the session.
 * @param app a Nest application, a Node HTTP server or the app's origin (see {@link AppTarget})
 * @throws SignInError when a step answers something else (a refused response, a wrong IdP, a wrong path)
 * @example
 * const anna = await signIn(app, { idp, nameId: 'anna@corp.example', email: 'anna@corp.example', groups: ['staff'] });
 * const res = await anna.get('/portal'); // 302 to a fresh portal link
 */
export async function signIn(app: AppTarget, options: SignInOptions): Promise<CookieAgent> {
  const { idp, returnTo, loginPath = '/auth/saml/login', response, headers, timeoutMs, ...user } = options;
  const agent = await CookieAgent.open(app, { headers, timeoutMs });
  const query = returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(returnTo)}`;
  const login = await agent.get(`${loginPath}${query}`);
  if (login.status !== 302 || login.location === undefined) throw new SignInError('login', login.status, '302');
  const authn = idp.parseAuthnRequest(login.location);
  const answer = await idp.loginResponse({ user, inResponseTo: authn.id, ...response });
  const acs = await agent.post(pathOf(authn.acsUrl ?? idp.sp.acsUrl), {
    form: { SAMLResponse: answer.samlResponse, RelayState: answer.relayState ?? authn.relayState ?? '' },
  });
  if (acs.status !== 303 || acs.location === undefined) throw new SignInError('acs', acs.status, '303');
  // An SP-initiated login ends at the completion step; following any other 303 would open the
  // return page (e.g. /portal) and mint a link the test did not ask for.
  const next = pathOf(acs.location);
  if (!/\/complete\?/.test(next)) return agent;
  const completion = await agent.get(next);
  if (completion.status !== 303) throw new SignInError('complete', completion.status, '303');
  return agent;
}

/** Path and query of a URL the app named (its public base URL may differ from where it listens). */
function pathOf(url: string): string {
  const parsed = new URL(url, 'http://app.invalid');
  return `${parsed.pathname}${parsed.search}`;
}
