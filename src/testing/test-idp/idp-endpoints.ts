// Its own file, free of samlify: TestIdp's public declaration names this type, and a host compiling
// with skipLibCheck: false would otherwise load samlify's declarations (which need @types/node-rsa).

/** Where the IdP lives; shared by every samlify IdP entity the test IdP builds. */
export interface IdpEndpoints {
  entityId: string;
  ssoUrl: string;
  sloUrl: string;
}
