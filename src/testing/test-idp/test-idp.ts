import { readAuthnRequestDemands } from './authn-request-demands.js';
import { idpEntity } from './idp-entities.js';
import type { IdpEndpoints } from './idp-endpoints.js';
import {
  buildLogoutRequest,
  buildLogoutResponse,
  readLogoutRequest,
  type LogoutRequestOptions,
  type LogoutResponseOptions,
} from './idp-logout.js';
import {
  buildPostLogoutRequest,
  buildPostLogoutResponse,
  type PostBindingOptions,
  type PostLogoutMessage,
} from './idp-logout-post.js';
import { answerLogout, type LogoutAnswer } from './idp-logout-answer.js';
import { withLoginQuirks } from './idp-quirks.js';
import type { TestIdpQuirks } from './idp-quirks.types.js';
import { buildLoginResponse } from './login-response.js';
import { decodeRedirect, verifyRedirectSignature } from './redirect-binding.js';
import { resolveSp, type ResolvedSp } from './sp-config.js';
import { idpKey, type KeyPair } from './test-keys.js';
import type {
  LoginResponseOptions,
  LoginResponseResult,
  ParsedAuthnRequest,
  ParsedLogoutRequest,
  TestIdpOptions,
} from './test-idp.types.js';
import { childElement, NS_SAML, NS_SAMLP, parseXml } from './xml-dom.js';
import { announceSecret } from '../test-secrets.js';

/**
 * An independent SAML 2.0 IdP for tests and development: samlify signs (and encrypts) real XML,
 * requests are read here from the raw HTTP-Redirect query. No Jest and no HTTP server: callers
 * carry the messages. Its only state is the AuthnRequests parsed (the last one gives defaults).
 * @example
 * const idp = new TestIdp({ sp: { entityId: 'https://sp.example', acsUrl: 'https://sp.example/auth/saml/acs' } });
 * idp.parseAuthnRequest(await saml.getAuthorizeUrlAsync('', undefined, {}));
 * const { samlResponse } = await idp.loginResponse({ user: { nameId: 'alice@corp.example' } });
 */
export class TestIdp {
  /** The SP as resolved from the options (explicit values or its metadata). */
  readonly sp: ResolvedSp;
  /** Where this IdP lives. */
  readonly endpoints: IdpEndpoints;
  /** The last AuthnRequest {@link parseAuthnRequest} returned, if any. */
  lastRequest?: ParsedAuthnRequest;
  /**
   * The AuthnRequests {@link parseAuthnRequest} returned, oldest first: what this IdP was asked. The
   * last 100 only, so a long-running development IdP does not grow.
   */
  readonly requests: ParsedAuthnRequest[] = [];
  /** How this IdP departs from the plain profile (see {@link TestIdpQuirks}). */
  readonly quirks: TestIdpQuirks;
  private readonly key: KeyPair;
  private readonly onSecret: TestIdpOptions['onSecret'];

  /** @throws Error when SP metadata lacks an entity id or an HTTP-POST ACS. */
  constructor(options: TestIdpOptions) {
    this.endpoints = {
      entityId: options.entityId ?? 'https://idp.test.example/metadata',
      ssoUrl: options.ssoUrl ?? 'https://idp.test.example/sso',
      sloUrl: options.sloUrl ?? 'https://idp.test.example/slo',
    };
    this.key = idpKey(options.signingKey ?? 'A');
    this.sp = resolveSp(options.sp);
    this.quirks = options.quirks ?? {};
    this.onSecret = options.onSecret;
  }

  /** Certificate (PEM) of the IdP's default signing key. */
  get signingCert(): string {
    return this.key.cert;
  }

  /**
   * IdP metadata XML: entity id, SSO and SLO (HTTP-Redirect and POST for SSO), one signing
   * KeyDescriptor per certificate.
   * @param certs committed keys to advertise, e.g. `['A', 'B']` during rotation. @default the default key
   */
  metadataXml(certs?: Array<'A' | 'B'>): string {
    const pems = certs?.map((name) => idpKey(name).cert) ?? [this.key.cert];
    return idpEntity(this.endpoints, this.key, false, pems).getMetadata();
  }

  /**
   * Reads an AuthnRequest from an HTTP-Redirect URL and remembers it as {@link lastRequest}. A query
   * signature is verified against the SP signing certificate over the octets exactly as received.
   * @throws Error when the URL carries no AuthnRequest or its XML is malformed.
   */
  parseAuthnRequest(redirectUrl: string): ParsedAuthnRequest {
    const message = decodeRedirect(redirectUrl);
    const root = parseXml(message.xml).documentElement;
    if (message.param !== 'SAMLRequest' || root.localName !== 'AuthnRequest') throw new Error('Not an AuthnRequest');
    const signed = message.signature !== undefined;
    this.lastRequest = {
      id: root.getAttribute('ID') ?? '',
      issuer: childElement(root, NS_SAML, 'Issuer')?.textContent?.trim() ?? '',
      acsUrl: root.getAttribute('AssertionConsumerServiceURL') || undefined,
      relayState: message.relayState,
      signed,
      sigAlg: message.sigAlg,
      signatureValid: signed ? verifyRedirectSignature(message, this.sp.spSigningCert) : undefined,
      nameIdPolicyFormat: childElement(root, NS_SAMLP, 'NameIDPolicy')?.getAttribute('Format') || undefined,
      ...readAuthnRequestDemands(root),
    };
    if (this.requests.push(this.lastRequest) > 100) this.requests.shift();
    return this.lastRequest;
  }

  /** A login response for the HTTP-POST binding; see {@link LoginResponseOptions} for the defaults. */
  loginResponse(opts: LoginResponseOptions): Promise<LoginResponseResult> {
    const quirked = withLoginQuirks(this.quirks, opts, this.lastRequest?.nameIdPolicyFormat, this.sp.entityId);
    return buildLoginResponse(
      { endpoints: this.endpoints, sp: this.sp, defaultKey: this.key, lastRequest: this.lastRequest },
      quirked,
    ).then((response) => {
      // For log checks: no part of a SAMLResponse may ever reach a log.
      const { samlResponse, assertionId, responseId } = response;
      announceSecret({ kind: 'saml-response', samlResponse, assertionId, responseId }, this, this.onSecret);
      return response;
    });
  }

  /** An IdP-initiated LogoutRequest as an HTTP-Redirect URL, signed with the default key. */
  logoutRequest(opts: LogoutRequestOptions): { redirectUrl: string; id: string } {
    return buildLogoutRequest(this.logoutSender, { ...this.redirectQuirks, ...opts });
  }

  /** Reads an SP-initiated LogoutRequest from an HTTP-Redirect URL and checks its signature. */
  parseLogoutRequest(redirectUrl: string): ParsedLogoutRequest {
    return readLogoutRequest(redirectUrl, this.sp.spSigningCert);
  }

  /** A signed LogoutResponse as an HTTP-Redirect URL. */
  logoutResponse(opts: LogoutResponseOptions): { redirectUrl: string; id: string } {
    return buildLogoutResponse(this.logoutSender, { ...this.redirectQuirks, ...opts });
  }

  /** An IdP-initiated LogoutRequest for the HTTP-POST binding (enveloped signature unless `signed: false`). */
  postLogoutRequest(opts: LogoutRequestOptions & PostBindingOptions): PostLogoutMessage {
    return buildPostLogoutRequest(this.logoutSender, opts);
  }

  /** A signed LogoutResponse for the HTTP-POST binding. */
  postLogoutResponse(opts: LogoutResponseOptions & PostBindingOptions): PostLogoutMessage {
    return buildPostLogoutResponse(this.logoutSender, opts);
  }

  /**
   * Answers the SP's LogoutRequest (its HTTP-Redirect URL) as this IdP's quirks say: Success, by
   * redirect to the SP's logout URL unless `logoutResponseBinding` / `logoutResponseUrl` say otherwise.
   */
  answerLogout(spRedirectUrl: string, statusCode?: string): LogoutAnswer {
    return answerLogout({ sender: this.logoutSender, sp: this.sp, quirks: this.quirks }, spRedirectUrl, statusCode);
  }

  /** Who signs logout messages: the logout issuer (an alias at some IdPs) with the default key. */
  private get logoutSender() {
    return { issuer: this.quirks.logoutIssuer ?? this.endpoints.entityId, key: this.key.key, cert: this.key.cert };
  }

  private get redirectQuirks() {
    return this.quirks.lowercasePercentEncoding ? { lowercasePercentEncoding: true } : {};
  }
}
