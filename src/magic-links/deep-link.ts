import type { Logger } from '@nestjs/common';
import { logValue } from '../common/log-value.js';

/**
 * Deep links (`/portal?next=/invoices/inv_123`): where in the portal a fresh link should land. The
 * request's `next` is input from anyone who can make the person click a link, so it is matched,
 * never repaired: one of the allowed sections, optionally followed by up to two ids of a safe
 * charset, nothing else. No scheme, no `//`, no `.` (so no `..`), no `%` (so no encoded tricks), no
 * query or fragment, no backslash, bounded length.
 */

/** Longest `next` looked at, in characters. */
export const DEEP_LINK_MAX_LENGTH = 200;

// An id as the portal's own (`inv_01H…`, `mr-2026-01`): letters, digits, `_` and `-`.
const ID_SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_ID_SEGMENTS = 2;

/** What became of a requested `next`: the path to use, or why it was ignored (safe to log). */
export type DeepLinkTarget = { ok: true; path: string } | { ok: false; reason: string };

/** Matches a requested `next` against the allowed sections (`portal.deepLinkPaths`). */
export function deepLinkTarget(next: unknown, sections: readonly string[]): DeepLinkTarget {
  if (typeof next !== 'string') return { ok: false, reason: 'not a single text value' };
  if (next.length === 0 || next.length > DEEP_LINK_MAX_LENGTH)
    return { ok: false, reason: `empty or over ${DEEP_LINK_MAX_LENGTH} characters` };
  if (!next.startsWith('/') || next.startsWith('//')) return { ok: false, reason: 'not a path starting with one "/"' };
  const section = sections.find((path) => next === path || next.startsWith(`${path}/`));
  if (section === undefined) return { ok: false, reason: 'not under an allowed portal path' };
  const ids = next === section ? [] : next.slice(section.length + 1).split('/');
  if (ids.length > MAX_ID_SEGMENTS) return { ok: false, reason: 'too many segments' };
  if (!ids.every((id) => ID_SEGMENT.test(id))) return { ok: false, reason: 'a segment outside [A-Za-z0-9_-]' };
  return { ok: true, path: next };
}

/**
 * The minted link with its `next` set to `path`. Only a link that already carries a `next` (the
 * portal's sign-in) is changed: the checkout link of a customer without a subscription has none,
 * and sending a new customer anywhere but the checkout would strand them. `undefined` when left as is.
 */
export function withNext(link: string, path: string): string | undefined {
  const url = new URL(link);
  const pairs = url.search.slice(1).split('&');
  const isNext = (pair: string) => pair.split('=')[0] === 'next';
  if (pairs.filter(isNext).length !== 1) return undefined;
  // Only the `next` pair is replaced, the rest kept byte for byte: re-serialising the whole query
  // (URLSearchParams) could re-encode the token. The path's charset needs no escaping in a query.
  url.search = pairs.map((pair) => (isNext(pair) ? `next=${path}` : pair)).join('&');
  return url.href;
}

/**
 * The path a request's `next` may open, or `undefined`: absent, deep links off, or not allowed (then
 * logged, as an escaped and cut rendering of the value, with the request id; never the link).
 */
export function requestedDeepLink(
  next: unknown,
  sections: readonly string[],
  logger: Pick<Logger, 'warn'>,
  requestId?: string,
): string | undefined {
  if (next === undefined) return undefined;
  const target =
    sections.length === 0 ? { ok: false as const, reason: 'deep links are off' } : deepLinkTarget(next, sections);
  if (target.ok) return target.path;
  const shown = typeof next === 'string' ? logValue(next, 120) : typeof next;
  logger.warn(`request ${logValue(requestId ?? '-', 128)}: deep link ignored (${target.reason}): next=${shown}`);
  return undefined;
}
