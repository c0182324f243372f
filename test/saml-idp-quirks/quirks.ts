import request from 'supertest';
import type { LogoutAnswer, TestIdpQuirks } from '../../src/testing/index.js';
import { TestIdp, testKeys } from '../../src/testing/index.js';
import { ACS_URL, SP_BASE_URL, SP_ENTITY_ID } from '../support/saml-app.js';

/** The SP's logout URL, as configured (`sp.baseUrl`). */
export const LOGOUT_URL = `${SP_BASE_URL}/auth/saml/logout`;
/** An Entra tenant: assertions and metadata name `sts.windows.net`, logout responses `login.microsoftonline.com`. */
export const ENTRA_TENANT = '82869000-6ad1-48f0-8171-272ed18796e9';
export const ENTRA_ENTITY_ID = `https://sts.windows.net/${ENTRA_TENANT}/`;
export const ENTRA_LOGOUT_ISSUER = `https://login.microsoftonline.com/${ENTRA_TENANT}/`;

/** The SP's signing pair: every IdP here requires (Okta, AD FS) or checks signed logout requests. */
export const spSigning = testKeys().spSigning;

/** The SP's options the quirk suites share: signed AuthnRequests and logout messages. */
export const signingSp = {
  entityId: SP_ENTITY_ID,
  baseUrl: SP_BASE_URL,
  signingKey: spSigning.key,
  signingCert: spSigning.cert,
};

/** A test IdP that behaves like a given vendor's (see the quirks), serving the SP above. */
export function quirkyIdp(quirks: TestIdpQuirks, entityId?: string): TestIdp {
  return new TestIdp({
    ...(entityId === undefined ? {} : { entityId }),
    sp: { entityId: SP_ENTITY_ID, acsUrl: ACS_URL, sloUrl: LOGOUT_URL, spSigningCert: spSigning.cert },
    quirks,
  });
}

/** Path and query of an absolute URL (supertest talks to the real port). */
export function pathOf(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

/** What the IdP's page makes the browser do with a LogoutAnswer: follow the redirect, or post the form. */
export function deliver(http: Parameters<typeof request>[0], answer: LogoutAnswer): request.Test {
  return answer.binding === 'redirect'
    ? request(http).get(pathOf(answer.url))
    : request(http)
        .post(pathOf(answer.url))
        .type('form')
        .send(answer.form ?? {});
}
