/**
 * Longest logged rendering of one value, in characters of the input; longer values are cut and
 * say how much was cut. Identity values are short (a NameID is at most 255 characters here).
 */
export const LOG_VALUE_MAX_LENGTH = 256;

// C0 and C1 controls and DEL (Cc), format characters (Cf: bidi overrides and isolates, zero-width
// characters, BOM), the line and paragraph separators (Zl, Zp) and lone surrogates (Cs): everything
// that can end a log line, reorder what a reader sees, or hide text.
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\\]/gu;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\\': '\\\\' };

/**
 * Renders a value that came from outside (a NameID, an issuer, a user or customer id, an upstream
 * message) for a log line: every control, format or separator character becomes a visible escape
 * (`\n`, `\r`, `\t`, `\u{202e}`; a backslash is doubled so the rendering stays unambiguous), and the
 * value is cut at `maxLength` characters. One line in, one line out: a value can never start a log
 * line of its own or change how the rest of the line reads.
 *
 * @example logValue('bob\n[Nest] signed in admin') // 'bob\\n[Nest] signed in admin'
 * @param maxLength longest rendering, in characters of the input
 * @default maxLength {@link LOG_VALUE_MAX_LENGTH}
 */
export function logValue(value: unknown, maxLength = LOG_VALUE_MAX_LENGTH): string {
  const text = typeof value === 'string' ? value : String(value);
  const chars = Array.from(text);
  const kept = chars.length > maxLength ? chars.slice(0, maxLength).join('') : text;
  const escaped = kept.replace(UNSAFE, (c) => NAMED[c] ?? `\\u{${c.codePointAt(0)!.toString(16)}}`);
  return chars.length > maxLength ? `${escaped}…(${chars.length - maxLength} more)` : escaped;
}
