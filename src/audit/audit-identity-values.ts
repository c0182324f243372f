import { clip } from './audit-values.js';
import type { AuditAuthn, AuditBeginEntry } from './audit.types.js';
import type { MagicLinkAudit } from './magic-link-audit.entity.js';

/** Longest `authn_context` value; the column's length. */
export const AUTHN_CONTEXT_MAX = 512;

// `new Date('2026-12-02T14:00:00')` reads a zone-less text in the process's local time, so two
// replicas would record two instants for one sign-in; SAML times are UTC, so such a text is read as UTC.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/;
// Spaces separate the class from ` amr=`, commas the methods: neither may appear inside a value.
const SEPARATORS = /[\s,]/g;
const AMR = 'amr=';

/**
 * The person's identity columns of a row. Like other free text they are clipped to their column
 * and lose NUL, so a long or odd value never fails the write (and so never denies the person);
 * anything but a non-empty string (plain-JS hosts can hand over anything) is stored as `null`.
 */
export function identityColumns(
  entry: Pick<AuditBeginEntry, 'issuer' | 'userName' | 'authn'>,
): Partial<MagicLinkAudit> {
  const authn: Partial<AuditAuthn> = typeof entry.authn === 'object' && entry.authn !== null ? entry.authn : {};
  return {
    issuer: textOf(entry.issuer, 1024),
    userName: textOf(entry.userName, 255),
    sessionIndex: textOf(authn.sessionIndex, 255),
    authnInstant: instantOf(authn.authnInstant),
    authnContext: authnContextText(authn.contextClass, authn.methods),
  };
}

/**
 * The one-text form of `authn_context`: the class ref, then ` amr=m1,m2` when methods are named
 * (`amr=m1,m2` alone without a class). Whitespace and commas are removed from every value so the
 * text splits back exactly; empty and non-string methods are skipped. A class ref longer than the
 * column is clipped and the methods then left out; methods that no longer fit are left out whole,
 * never cut, so every method stored is one the IdP named.
 */
export function authnContextText(contextClass: unknown, methods: unknown): string | null {
  const classRef = textOf(
    typeof contextClass === 'string' ? contextClass.replace(SEPARATORS, '') : undefined,
    AUTHN_CONTEXT_MAX,
  );
  const names = (Array.isArray(methods) ? methods : [])
    .map((m: unknown) => (typeof m === 'string' ? m.replace(SEPARATORS, '').replaceAll('\0', '') : ''))
    .filter((m) => m !== '');
  let text = classRef ?? '';
  let list = '';
  for (const name of names) {
    const next = list === '' ? `${text === '' ? '' : ' '}${AMR}${name}` : `,${name}`;
    if (text.length + list.length + next.length > AUTHN_CONTEXT_MAX) break;
    list += next;
  }
  text += list;
  return text === '' ? null : text;
}

function textOf(value: unknown, max: number): string | null {
  const text = typeof value === 'string' ? clip(value, max) : null;
  return text === '' ? null : text;
}

/** An instant given as a `Date` or as ISO 8601 date and time (UTC unless it names `Z` or an offset). */
function instantOf(value: unknown): Date | null {
  let date: Date | undefined;
  const iso = typeof value === 'string' ? ISO_INSTANT.exec(value) : null;
  if (value instanceof Date) date = new Date(value.getTime());
  else if (iso) date = new Date(iso[1] === undefined ? `${iso[0]}Z` : iso[0]);
  return date !== undefined && Number.isFinite(date.getTime()) ? date : null;
}
