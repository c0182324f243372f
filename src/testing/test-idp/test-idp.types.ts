import type { TestSecretListener } from '../test-secrets.js';
import type { AuthnRequestDemands } from './authn-request-demands.js';
import type { TestIdpQuirks } from './idp-quirks.types.js';
import type { KeyPair } from './test-keys.js';

/** Which IdP signing key to use: a committed test key by name, or your own pair. */
export type IdpKeyChoice = 'A' | 'B' | KeyPair;

/** The service provider the test IdP talks to, given by explicit values. */
export interface TestIdpSpValues {
  /** SP entity id: the Audience of every assertion. */
  entityId: string;
  /** Assertion Consumer Service URL (HTTP-POST): Destination and Recipient by default. */
  acsUrl: string;
  /** SP single logout URL. @default undefined */
  sloUrl?: string;
  /** SP encryption certificate (PEM or base64 body), needed for `encrypt: true`. @default undefined */
  encryptCert?: string;
  /**
   * Whether the SP signs its AuthnRequests (informative; signatures are always checked when present).
   * @default false
   */
  authnRequestsSigned?: boolean;
  /** SP signing certificate (PEM or base64 body) to verify redirect-binding signatures. @default undefined */
  spSigningCert?: string;
}

/** The service provider given by its SAML metadata XML (e.g. node-saml's `generateServiceProviderMetadata`). */
export interface TestIdpSpMetadata {
  /** SP metadata XML (an `EntityDescriptor` with an `SPSSODescriptor`). */
  metadataXml: string;
}

/** Options of {@link TestIdp}. */
export interface TestIdpOptions {
  /** IdP entity id (the Issuer). @default 'https://idp.test.example/metadata' */
  entityId?: string;
  /** Single sign-on URL advertised in metadata (HTTP-Redirect). @default 'https://idp.test.example/sso' */
  ssoUrl?: string;
  /** Single logout URL advertised in metadata (HTTP-Redirect). @default 'https://idp.test.example/slo' */
  sloUrl?: string;
  /** Default signing key. @default 'A' */
  signingKey?: IdpKeyChoice;
  /** The SP this IdP serves. */
  sp: TestIdpSpValues | TestIdpSpMetadata;
  /** Behave like a given vendor's IdP (Okta, Entra ID, AD FS, Keycloak); see {@link TestIdpQuirks}. @default {} */
  quirks?: TestIdpQuirks;
  /**
   * Called with every login response this IdP builds, for a log check (see `onTestSecret` for every
   * IdP at once). @default undefined
   */
  onSecret?: TestSecretListener;
}

/** The signed-in person the IdP asserts. */
export interface TestIdpUser {
  /** NameID text. */
  nameId: string;
  /** `email` attribute. @default undefined (not sent) */
  email?: string;
  /** `displayName` attribute. @default undefined (not sent) */
  displayName?: string;
  /** `groups` attribute, one AttributeValue per entry. @default undefined (not sent) */
  groups?: string[];
  /** Any further attributes by name, one AttributeValue per entry. @default {} */
  attributes?: Record<string, string[]>;
}

/** Options of {@link TestIdp.loginResponse}. Every default is what a well-behaved IdP sends. */
export interface LoginResponseOptions {
  /** Who signed in. */
  user: TestIdpUser;
  /** InResponseTo; `null` for an unsolicited response. @default the id of the last AuthnRequest parsed (else none) */
  inResponseTo?: string | null;
  /** RelayState to post back. @default the RelayState of the last AuthnRequest parsed */
  relayState?: string;
  /** Sign the Response element. @default true */
  signResponse?: boolean;
  /** Sign the Assertion element. @default true */
  signAssertion?: boolean;
  /** Encrypt the assertion to the SP's encryption certificate. @default false */
  encrypt?: boolean;
  /** Audience. @default the SP entity id */
  audience?: string;
  /** Response Destination. @default the SP ACS URL */
  destination?: string;
  /** SubjectConfirmationData Recipient. @default the SP ACS URL */
  recipient?: string;
  /** Conditions NotBefore. @default now */
  notBefore?: Date;
  /** Conditions and SubjectConfirmationData NotOnOrAfter. @default now + 5 minutes */
  notOnOrAfter?: Date;
  /** IssueInstant of Response and Assertion. @default now */
  issueInstant?: Date;
  /** AuthnStatement AuthnInstant: when the person authenticated at the IdP. @default `issueInstant` */
  authnInstant?: Date;
  /**
   * AuthnContextClassRef of the AuthnStatement.
   * @default 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport'
   */
  authnContextClassRef?: string;
  /** AuthnStatement SessionIndex. @default a fresh random id */
  sessionIndex?: string;
  /** Signing key for this response. @default the IdP's key */
  signingKey?: 'A' | 'B' | 'attacker';
  /** Top-level StatusCode value. @default 'urn:oasis:names:tc:SAML:2.0:status:Success' */
  statusCode?: string;
  /** NameID Format. @default 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress' */
  nameIdFormat?: string;
  /**
   * Rewrites the unsigned XML right before it is signed: for attack tests that need a validly
   * signed but hostile message (see `tamper.ts`). @default undefined
   */
  beforeSign?: (xml: string) => string;
}

/** A login response ready to POST to the ACS. */
export interface LoginResponseResult {
  /** Base64 `SAMLResponse` form value. */
  samlResponse: string;
  /** The XML as sent (after signing and encryption). */
  xml: string;
  /** ID of the Assertion. */
  assertionId: string;
  /** ID of the Response. */
  responseId: string;
  /** `RelayState` form value, when any. */
  relayState?: string;
}

/** An AuthnRequest read from an HTTP-Redirect URL. */
export interface ParsedAuthnRequest extends AuthnRequestDemands {
  /** Request ID. */
  id: string;
  /** Issuer (the SP entity id). */
  issuer: string;
  /** AssertionConsumerServiceURL, when the request names one. */
  acsUrl?: string;
  /** RelayState query value. */
  relayState?: string;
  /** A `Signature` query parameter is present. */
  signed: boolean;
  /** SigAlg query value (a URI). */
  sigAlg?: string;
  /** Redirect-binding signature verified against the SP signing certificate (only when signed). */
  signatureValid?: boolean;
  /** The `Format` of the request's NameIDPolicy, when it has one. */
  nameIdPolicyFormat?: string;
}

/** A LogoutRequest read from an HTTP-Redirect URL. */
export interface ParsedLogoutRequest {
  /** Request ID. */
  id: string;
  /** NameID of the user to log out. */
  nameId: string;
  /** SessionIndex, when sent. */
  sessionIndex?: string;
  /** The NameID's Format, NameQualifier and SPNameQualifier, when sent. */
  nameIdFormat?: string;
  nameQualifier?: string;
  spNameQualifier?: string;
  /** Signed, and the redirect-binding signature verifies against the SP signing certificate. */
  signatureValid: boolean;
}
