/** An email address in the one form auto-link compares: plain ASCII, lower-cased. */
export interface EmailKey {
  /** `local@domain`, ASCII only, `A`–`Z` lower-cased; compare with `===`. */
  address: string;
  /** The part after the `@`. */
  domain: string;
}

// Printable ASCII only: no controls, no spaces inside, nothing above U+007E.
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;
// One `@`; a domain of dot-separated labels (no IP literals, no trailing dot).
const SHAPE = /^[^@]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/;

/**
 * The comparison key of an email, or `null` when the address must never be matched.
 *
 * Why ASCII only: Unicode case mapping and compatibility folding turn different addresses into the
 * same one (`K` KELVIN SIGN lower-cases to `k`, fullwidth `ａ` folds to `a`, `İ` lower-cases to
 * `i̇`, `ß` upper-cases to `SS`), and Cyrillic `а` looks like Latin `a`. Anyone who can put such an
 * address in the identity provider would be linked to another person's customer. So an address
 * with any character outside printable ASCII, or that NFKC changes, has no key at all; the only
 * folding is `A`–`Z` → `a`–`z`, applied the same way to both sides of the comparison.
 * Surrounding ASCII spaces and tabs are ignored (attribute values often carry them).
 */
export function emailKey(raw: unknown): EmailKey | null {
  if (typeof raw !== 'string') return null;
  const trimmed = raw.replace(/^[ \t]+|[ \t]+$/g, '');
  if (trimmed.normalize('NFKC') !== trimmed || !PRINTABLE_ASCII.test(trimmed)) return null;
  const address = trimmed.replace(/[A-Z]/g, (letter) => String.fromCharCode(letter.charCodeAt(0) + 32));
  if (!SHAPE.test(address)) return null;
  return { address, domain: address.slice(address.indexOf('@') + 1) };
}

/** True when both are matchable addresses with the same key; a non-ASCII address matches nothing. */
export function sameEmail(a: unknown, b: unknown): boolean {
  const left = emailKey(a);
  const right = emailKey(b);
  return left !== null && right !== null && left.address === right.address;
}
