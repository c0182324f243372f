import { createHash } from 'node:crypto';
import { NAMEID_EMAIL } from './login-response-xml.js';
import type { TestIdpQuirks } from './idp-quirks.types.js';
import type { LoginResponseOptions, TestIdpUser } from './test-idp.types.js';

/** The NameID format of a pairwise id. */
export const NAMEID_PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';

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
