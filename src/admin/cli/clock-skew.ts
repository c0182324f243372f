import type { CheckLine } from './doctor-report.js';
import { fail, ok, warn } from './doctor-report.js';

/** Skew tolerated without a word: HTTP dates have whole seconds, and a round trip takes time. */
export const CLOCK_OK_MS = 5_000;

/**
 * The clock check: local time against the `Date` header of a Nomos answer (taken at mid-flight).
 * Beyond {@link CLOCK_OK_MS} it warns; beyond `failAfterMs` (SAML's accepted skew, where sign-ins
 * start failing as "not yet valid" or "expired") it fails.
 * @param failAfterMs @default 60_000
 */
export function clockSkewLine(dateHeader: string | undefined, localMs: number, failAfterMs = 60_000): CheckLine {
  const remote = dateHeader === undefined ? Number.NaN : Date.parse(dateHeader);
  if (Number.isNaN(remote)) {
    return warn('clock', 'Nomos sent no readable Date header; skew not measured', 'compare the clock with NTP');
  }
  const skewMs = localMs - remote;
  const text = `local clock ${skewMs >= 0 ? 'ahead of' : 'behind'} Nomos by ${Math.round(Math.abs(skewMs) / 1000)} s`;
  const fix = 'synchronise this machine with NTP (timedatectl set-ntp true / chronyd)';
  if (Math.abs(skewMs) > failAfterMs) return fail('clock', text, fix);
  if (Math.abs(skewMs) > CLOCK_OK_MS) return warn('clock', text, fix);
  return ok('clock', text);
}
