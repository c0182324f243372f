/**
 * A value as a CSV cell: dates as ISO 8601 UTC, `null` as empty. Text a spreadsheet would run as a
 * formula (`=`, `+`, `-`, `@`, tab, CR first: OWASP "CSV injection") gets a leading `'` — user agents
 * and sign-in names come from outside. Ids are left as they are, so an export imports back unchanged:
 * customer ids are `[A-Za-z0-9_-]` and the import trims and validates them.
 */
export function csvCell(value: unknown, freeText: boolean): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  const text = String(value);
  return freeText && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** A value as a JSON Lines field: dates as ISO 8601 UTC, everything else as stored. */
export function jsonValue(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}
