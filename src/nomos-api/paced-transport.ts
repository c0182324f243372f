import { headerValue } from './error-mapper.js';
import type { HttpTransport, TransportLimits, TransportRequest, TransportResponse } from './http-transport.js';
import { NomosConnectionError } from './nomos-api.errors.js';
import type { NomosPacer } from './nomos-pacer.js';
import { NomosBusyError } from './pacing.errors.js';
import { parseRetryAfter } from './retry-policy.js';
import { LateSendError } from './send-gate.js';

// A hostile or broken upstream header must not stop the fleet for long.
const MAX_HOLD_OFF_MS = 60_000;
// A 429 without Retry-After: our limit is above Nomos's; give its window time to pass.
const BARE_429_HOLD_OFF_MS = 1000;
// A machine that misses this many slots in a row for one call is overloaded: say busy, send nothing.
const MAX_LATE_SENDS = 3;

/**
 * Every HTTP call to Nomos (token, mint, customers, subscriptions) through the pacer: admitted by the
 * breaker and the fleet-wide limiter before it is sent, its outcome reported to the breaker, and
 * Nomos's own "slow down" (`ratelimit-remaining: 0` + `ratelimit-reset`, `Retry-After`) pushed into
 * the shared limiter so that every replica backs off together.
 */
export class PacedTransport {
  constructor(
    private readonly inner: HttpTransport,
    private readonly pacer: NomosPacer,
  ) {}

  /**
   * Waits for a slot, then sends; `limits.onSend` runs only once the request really goes out. A
   * request still queued for a connection past its slot is not sent and waits for a new slot.
   * @throws NomosBusyError / NomosCircuitOpenError before anything is sent; else as `HttpTransport.send`
   */
  async send(req: TransportRequest, limits: TransportLimits = {}): Promise<TransportResponse> {
    // The caller's deadline bounds the wait; the attempt's own timeout starts once it is sent.
    const { beforeSend, ...rest } = limits;
    // Done before the wait: between the slot and the send nothing may take time (a late call could
    // land in Nomos's next window beside that window's own calls).
    const before = performance.now();
    if (beforeSend) await beforeSend();
    for (let late = 0; ; late++) {
      const timeLeft = (limits.timeoutMs ?? Infinity) - (performance.now() - before);
      const admission = await this.pacer.admit(timeLeft, limits.signal);
      const left = timeLeft - admission.waitedMs;
      const sendLimits = {
        ...rest,
        sendBy: admission.sendBy,
        ...(left === Infinity ? {} : { timeoutMs: Math.max(1, left) }),
      };
      let res: TransportResponse;
      try {
        res = await this.inner.send(req, sendLimits);
      } catch (error) {
        if (error instanceof LateSendError) {
          // Queued past its slot (every connection busy, a slow connect): not sent, so a new slot.
          this.pacer.sentLate(admission);
          if (late + 1 < MAX_LATE_SENDS) continue;
          throw new NomosBusyError(`no connection was free in time for ${MAX_LATE_SENDS} slots in a row`, 1000);
        }
        const failed = error instanceof NomosConnectionError && error.retryable;
        this.pacer.settle(admission, failed ? 'failed' : 'neither');
        throw error;
      }
      this.pacer.settle(admission, res.statusCode >= 500 ? 'failed' : 'answered');
      const holdOff = holdOffOf(res);
      if (holdOff > 0) await this.pacer.holdOff(Math.min(holdOff, MAX_HOLD_OFF_MS));
      return res;
    }
  }

  /** Closes the pool (see `HttpTransport.close`). */
  close(): Promise<void> {
    return this.inner.close();
  }
}

/** How long Nomos asked everyone to wait, in milliseconds (0: it did not). */
export function holdOffOf(res: Pick<TransportResponse, 'statusCode' | 'headers'>): number {
  const now = Date.now();
  let ms = 0;
  if (res.statusCode === 429 || res.statusCode === 503) {
    const retryAfter = headerValue(res.headers, 'retry-after');
    const asked = retryAfter === undefined ? undefined : parseRetryAfter(retryAfter, now);
    ms = asked ?? (res.statusCode === 429 ? BARE_429_HOLD_OFF_MS : 0);
  }
  // IETF RateLimit fields (draft 6, as Nomos sends them): reset is delta seconds.
  if (headerValue(res.headers, 'ratelimit-remaining') === '0') {
    const reset = Number(headerValue(res.headers, 'ratelimit-reset'));
    if (Number.isFinite(reset) && reset > 0) ms = Math.max(ms, reset * 1000);
  }
  return ms;
}
