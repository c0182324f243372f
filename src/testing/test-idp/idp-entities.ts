import samlify from 'samlify';
import { NAMEID_EMAIL } from './login-response-xml.js';
import type { ResolvedSp } from './sp-config.js';
import type { KeyPair } from './test-keys.js';
import type { IdpEndpoints } from './idp-endpoints.js';

type IdentityProvider = ReturnType<typeof samlify.IdentityProvider>;
type ServiceProvider = ReturnType<typeof samlify.ServiceProvider>;

const POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

// samlify refuses to parse anything until a schema validator is set. The test IdP parses requests
// itself and only lets samlify build and sign, so a no-op validator is enough and avoids the
// xmllint package (blank lines and one uncaughtException listener per call under Jest).
samlify.setSchemaValidator({ validate: async () => 'skipped' });

/**
 * A samlify IdP entity that signs with `key`. `metadataCerts` only changes what its metadata
 * advertises (rotation: old and new certificate side by side).
 */
export function idpEntity(
  endpoints: IdpEndpoints,
  key: KeyPair,
  encrypt: boolean,
  metadataCerts?: string[],
): IdentityProvider {
  return samlify.IdentityProvider({
    entityID: endpoints.entityId,
    privateKey: key.key,
    signingCert: metadataCerts ?? key.cert,
    nameIDFormat: [NAMEID_EMAIL],
    singleSignOnService: [
      { Binding: REDIRECT, Location: endpoints.ssoUrl },
      { Binding: POST, Location: endpoints.ssoUrl },
    ],
    singleLogoutService: [{ Binding: REDIRECT, Location: endpoints.sloUrl }],
    isAssertionEncrypted: encrypt,
    wantAuthnRequestsSigned: false,
  });
}

/** Which signatures the SP entity makes samlify produce. */
export interface SigningFlags {
  signResponse: boolean;
  signAssertion: boolean;
}

/**
 * A samlify SP entity describing `sp`. samlify decides what to sign from the SP entity:
 * `wantAssertionsSigned` signs the Assertion, `wantMessageSigned` the Response (and samlify signs
 * the Response anyway when the assertion is not signed).
 */
export function spEntity(sp: ResolvedSp, flags: SigningFlags): ServiceProvider {
  return samlify.ServiceProvider({
    entityID: sp.entityId,
    assertionConsumerService: [{ Binding: POST, Location: sp.acsUrl }],
    singleLogoutService: sp.sloUrl ? [{ Binding: REDIRECT, Location: sp.sloUrl }] : [],
    wantAssertionsSigned: flags.signAssertion,
    wantMessageSigned: flags.signResponse,
    encryptCert: sp.encryptCert,
    signingCert: sp.spSigningCert,
  });
}

/** Memoises entity construction per key (entities are immutable once built). */
export class EntityCache<T> {
  private readonly entries = new Map<string, T>();

  /** The cached value for `key`, built on first use. */
  get(key: string, build: () => T): T {
    let value = this.entries.get(key);
    if (value === undefined) {
      value = build();
      this.entries.set(key, value);
    }
    return value;
  }
}
