/**
 * Ways a real IdP departs from the plain profile, each off by default, so a test can make the test
 * IdP behave like the one a host will meet. The README's per-IdP sections are tested with them.
 */
export interface TestIdpQuirks {
  /**
   * Issuer on the IdP's logout messages when it differs from its entity id. Microsoft Entra ID:
   * `https://login.microsoftonline.com/<tenant>/` while metadata and assertions say
   * `https://sts.windows.net/<tenant>/`. @default the entity id
   */
  logoutIssuer?: string;
  /**
   * How {@link TestIdp.answerLogout} answers the SP's LogoutRequest: by redirect (Entra, AD FS) or
   * by an auto-posted form (Okta always; Keycloak with its default "Force POST binding").
   * @default 'redirect'
   */
  logoutResponseBinding?: 'redirect' | 'post';
  /**
   * Where that answer goes, when not the SP's logout URL: Keycloak sends it to the client's
   * "Master SAML Processing URL" (often the ACS) when no logout URL of its own is set.
   * @default the SP's single logout URL
   */
  logoutResponseUrl?: string;
  /** Lower-case percent-escapes in signed redirect queries (`%2b`), as AD FS and Entra send them. @default false */
  lowercasePercentEncoding?: boolean;
  /**
   * Choose the NameID from the AuthnRequest's NameIDPolicy the way Entra does: `persistent` and
   * `unspecified` (or no policy) give a pairwise opaque id with Format persistent, `emailAddress`
   * gives the person's email. @default off (the `nameId` the test gives, Format emailAddress)
   */
  nameIdPolicy?: 'entra';
  /** NameQualifier on the assertion's NameID (AD FS and Entra put their issuer there). @default none */
  nameQualifier?: string;
  /** SPNameQualifier on the assertion's NameID (usually the SP entity id). @default none */
  spNameQualifier?: string;
}
