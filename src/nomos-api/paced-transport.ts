import { headerValue } from './error-mapper.js';
import type { HttpTransport, TransportLimits, TransportRequest, TransportResponse } from './http-transport.js';
import { NomosConnectionError } from './nomos-api.errors.js';
import type { NomosPacer } from './nomos-pacer.js';
import { parseRetryAfter } from './retry-policy.js';

// A hostile or broken upstream header must not stop the fleet for long.
const MAX_HOLD_OFF_MS = 60_000;
// A 429 without Retry-After: our limit is above Nomos's; give its window time to pass.
const BARE_429_HOLD_OFF_MS = 1000;

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
   * Waits for a slot, then sends; `limits.onSend` runs only once the request really goes out.
   * @throws NomosBusyError / NomosCircuitOpenError before anything is sent; else as `HttpTransport.send`
   */
  async send(req: TransportRequest, limits: TransportLimits = {}): Promise<TransportResponse> {
    // The caller's deadline bounds the wait; the attempt's own timeout starts once it is sent.
    const { beforeSend, ...rest } = limits;
    // Done before the wait: between the slot and the send nothing may take time (a late call could
    // land in Nomos's next window beside that window's own calls).
    const before = performance.now();
    if (beforeSend) await beforeSend();
    const timeLeft = (limits.timeoutMs ?? Infinity) - (performance.now() - before);
    const admission = await this.pacer.admit(timeLeft, limits.signal);
    const sendLimits =
      timeLeft === Infinity ? rest : { ...rest, timeoutMs: Math.max(1, timeLeft - admission.waitedMs) };
    let res: TransportResponse;
    try {
      res = await this.inner.send(req, sendLimits);
    } catch (error) {
      const failed = error instanceof NomosConnectionError && error.retryable;
      this.pacer.settle(admission, failed ? 'failed' : 'neither');
      throw error;
    }
    this.pacer.settle(admission, res.statusCode >= 500 ? 'failed' : 'answered');
    const holdOff = holdOffOf(res);
    if (holdOff > 0) await this.pacer.holdOff(Math.min(holdOff, MAX_HOLD_OFF_MS));
    return res;
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
