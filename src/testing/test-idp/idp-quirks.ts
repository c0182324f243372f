import { createHash } from 'node:crypto';
import { NAMEID_EMAIL } from './login-response-xml.js';
import type { LoginResponseOptions, TestIdpUser } from './test-idp.types.js';

/** NameID formats the quirks read and write. */
export const NAMEID_PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';
export const NAMEID_UNSPECIFIED = 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';

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

/** The NameID (value and Format) an IdP with these quirks asserts for `user`. */
export function quirkyNameId(
  quirks: TestIdpQuirks,
  user: TestIdpUser,
  requested: string | undefined,
  spEntityId: string,
): { nameId: string; format?: string } {
  if (quirks.nameIdPolicy !== 'entra') return { nameId: user.nameId };
  if (requested === NAMEID_EMAIL) return { nameId: user.email ?? user.nameId, format: NAMEID_EMAIL };
  // Pairwise: the same for this person at this SP on every login, different at every other SP.
  const pairwise = createHash('sha256').update(`${spEntityId}\n${user.nameId}`).digest('base64');
  return { nameId: pairwise, format: NAMEID_PERSISTENT };
}

/**
 * A login response's options as an IdP with these quirks would fill them: its NameID choice (unless
 * the test names a Format itself) and the NameID qualifiers; without quirks, `opts` unchanged.
 */
export function withLoginQuirks(
  quirks: TestIdpQuirks,
  opts: LoginResponseOptions,
  requestedFormat: string | undefined,
  spEntityId: string,
): LoginResponseOptions {
  const named = quirkyNameId(quirks, opts.user, requestedFormat, spEntityId);
  const rewrite = opts.beforeSign;
  return {
    ...opts,
    user: { ...opts.user, nameId: named.nameId },
    nameIdFormat: opts.nameIdFormat ?? named.format,
    beforeSign: (xml) => withNameQualifiers(quirks, rewrite ? rewrite(xml) : xml),
  };
}

/** Adds the quirks' NameQualifier / SPNameQualifier to the NameID of unsigned login response XML. */
export function withNameQualifiers(quirks: TestIdpQuirks, xml: string): string {
  const attrs = [
    quirks.nameQualifier === undefined ? '' : ` NameQualifier="${escapeAttr(quirks.nameQualifier)}"`,
    quirks.spNameQualifier === undefined ? '' : ` SPNameQualifier="${escapeAttr(quirks.spNameQualifier)}"`,
  ].join('');
  return attrs === '' ? xml : xml.replace(/<((?:[\w.-]+:)?NameID)\b/, `<$1${attrs}`);
}

/** Rewrites each percent-escape of an encoded query part to lower case (`%2B` → `%2b`). */
export function lowerPercentEscapes(encoded: string): string {
  return encoded.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
