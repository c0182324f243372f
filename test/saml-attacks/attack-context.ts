import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { SamlTestApp } from '../support/saml-app.js';
import type { SamlSuiteEnv } from '../support/saml-suite.js';
import { completeSignIn } from '../support/saml-app.js';
import { EVIL_NAME_ID } from '../support/saml-tamper/tamper-dom.js';
import type { TestIdp, LoginResponseOptions, TestIdpUser } from '../../src/testing/index.js';

/** A person whose every value is unique to one case, so the logs can be searched for any of them. */
export interface MarkedPerson extends Required<Pick<TestIdpUser, 'nameId' | 'email' | 'displayName' | 'groups'>> {
  /** The identity an attack tries to swap in. */
  evil: string;
  /** Every value above: none of them may reach the logs of a refusal. */
  secrets: string[];
}

/** A fresh {@link MarkedPerson}; `label` only makes a failing log easier to read. */
export function markedPerson(label: string): MarkedPerson {
  const tag = `${label.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-${randomBytes(4).toString('hex')}`;
  const person = {
    nameId: `nid-${tag}@corp.example`,
    email: `mail-${tag}@corp.example`,
    displayName: `Display ${tag}`,
    groups: ['staff', `grp-${tag}`],
    evil: `evil-${tag}@evil.example`,
  };
  return {
    ...person,
    secrets: [person.nameId, person.email, person.displayName, person.groups[1], person.evil, EVIL_NAME_ID],
  };
}

/** What an attack builds its SAMLResponse from: a login the app really started. */
export interface AttackContext {
  idp: TestIdp;
  person: MarkedPerson;
  /** ID of the AuthnRequest the app just sent. */
  requestId: string;
  /** A genuine response to that request, signed as the app expects, with `extra` applied. */
  sign(extra?: Partial<LoginResponseOptions>): Promise<string>;
}

/** Builds the SAMLResponse form value of one attack. */
export type Attack = (ctx: AttackContext) => string | Promise<string>;

/** What came back from one ACS post, and what the app printed while answering it. */
export interface AcsOutcome {
  status: number;
  /** The `nomos.sid` Set-Cookie of the answer, if any. */
  sessionCookie?: string;
  /** Captured output written while the request was handled. */
  logged: string;
  agent: ReturnType<typeof request.agent>;
}

/** The `nomos.sid` cookie an answer sets, if any. */
export function sessionCookieOf(res: request.Response): string | undefined {
  const cookies = res.headers['set-cookie'] as unknown as string[] | undefined;
  return cookies?.find((c) => c.startsWith('nomos.sid='));
}

/** Posts a SAMLResponse to the ACS with `agent`, capturing what the app logs meanwhile. */
export async function postToAcs(
  env: SamlSuiteEnv,
  agent: ReturnType<typeof request.agent>,
  samlResponse: string,
): Promise<AcsOutcome> {
  const mark = env.logs.text.length;
  // A browser follows the ACS's 303 to the completion step, where an SP-initiated sign-in ends.
  const res = await completeSignIn(
    agent,
    await agent.post('/auth/saml/acs').type('form').send({ SAMLResponse: samlResponse, RelayState: '/portal' }),
  );
  return { status: res.status, sessionCookie: sessionCookieOf(res), logged: env.logs.text.slice(mark), agent };
}

/**
 * Starts a real SP-initiated login on `t` with a fresh browser (agent), lets `attack` build the
 * response from it, and posts that to the ACS.
 */
export async function runAttack(
  env: SamlSuiteEnv,
  t: SamlTestApp,
  idp: TestIdp,
  person: MarkedPerson,
  attack: Attack,
): Promise<AcsOutcome> {
  const agent = request.agent(t.http);
  const login = await agent.get('/auth/saml/login?returnTo=%2Fportal').expect(302);
  const { id: requestId } = idp.parseAuthnRequest(login.headers.location);
  const user = {
    nameId: person.nameId,
    email: person.email,
    displayName: person.displayName,
    groups: [...person.groups],
  };
  const sign = async (extra: Partial<LoginResponseOptions> = {}) =>
    (await idp.loginResponse({ user, inResponseTo: requestId, ...extra })).samlResponse;
  return postToAcs(env, agent, await attack({ idp, person, requestId, sign }));
}

/** The reasons the app logged for refusing, in order (`SAML response refused: <reason>`). */
export function refusalReasons(logged: string): string[] {
  // eslint-disable-next-line no-control-regex -- a reason ends at ESC, where the logger's colour code starts
  return [...logged.matchAll(/SAML response refused: ([^\n\x1b]*)/g)].map((m) => m[1].trim());
}

/**
 * Asserts a refusal the way acceptance point 2 of issue 3 states it: the status, no session (no
 * cookie set, and the same browser still cannot use the portal), and exactly one log line giving a
 * reason that matches `reason`, with none of the person's values anywhere in what was logged.
 * @returns the logged reason
 */
export async function expectRefused(
  outcome: AcsOutcome,
  person: MarkedPerson,
  reason: RegExp,
  status = 401,
): Promise<string> {
  // A boolean, so that a failure does not print a live session cookie.
  expect({ status: outcome.status, sessionCookieSet: outcome.sessionCookie !== undefined }).toEqual({
    status,
    sessionCookieSet: false,
  });
  await outcome.agent.post('/portal/link').set('x-nomos-portal', '1').expect(401);
  const reasons = refusalReasons(outcome.logged);
  expect(reasons).toHaveLength(1);
  expect(reasons[0]).toMatch(reason);
  expect(person.secrets.filter((value) => outcome.logged.includes(value))).toEqual([]);
  return reasons[0];
}
