import type { LoggerService } from '@nestjs/common';
import { isSafeRequestId } from '../common/request-id.js';
import { nomosErrorFromResponse } from './error-mapper.js';
import type { HttpTransport, TransportRequest, TransportResponse } from './http-transport.js';
import { CallBudget } from './call-budget.js';
import { NomosAbortedError, NomosApiError, NomosRateLimitError, describeError } from './nomos-api.errors.js';
import type { ResolvedNomosApiOptions } from './nomos-api.options.js';
import { decideRetry } from './retry-policy.js';
import type { TokenProvider } from './token-provider.js';

/** Per-call options of `NomosApiClient` requests. */
export interface NomosCallOptions {
  /** Called synchronously just before each HTTP attempt of this call (retries included, token requests not). */
  onAttempt?: () => void;
  /**
   * Awaited before each HTTP attempt (retries included, token requests not), before pacing's wait;
   * when it rejects, that attempt is not sent and the call rejects with its error. An attempt then
   * refused by pacing or the breaker was announced here but never sent: `onAttempt` tells them apart.
   */
  beforeAttempt?: () => Promise<void>;
  /** Our request id, sent as `X-Request-Id` (if `isSafeRequestId`) so Nomos logs can be joined with ours. */
  requestId?: string;
  /**
   * Cancels the call: the attempt in flight is cut, no retry follows, sleeps and token waits end;
   * the call rejects with `NomosAbortedError`.
   */
  signal?: AbortSignal;
  /**
   * Time budget of the whole call in milliseconds (attempts, waits, token included).
   * @default the `mintDeadlineMs` option for `createMagicLink`, none for the other calls
   */
  deadlineMs?: number;
}

/** The logger methods the client uses; Nest's `Logger` fits. */
export type NomosApiLogger = Pick<LoggerService, 'warn' | 'debug' | 'error' | 'log'>;

/**
 * The attempts behind one `NomosApiClient` call: a bearer token per attempt, one retry with a fresh
 * token after a 401 to the call itself, retries with backoff (`decideRetry`) within the call's
 * budget, and a typed error (`nomosErrorFromResponse`) when it gives up.
 */
export class AttemptLoop {
  constructor(
    private readonly options: ResolvedNomosApiOptions,
    private readonly transport: Pick<HttpTransport, 'send'>,
    private readonly tokens: TokenProvider,
    private readonly logger: NomosApiLogger,
  ) {}

  /**
   * Sends `req` until it gets a 2xx or a failure not worth retrying.
   * @param label names the endpoint in logs without ids, query strings or emails
   * @throws NomosApiError (or a subclass) when no attempt succeeds
   */
  async run(req: TransportRequest, label: string, opts: NomosCallOptions = {}): Promise<TransportResponse> {
    const headers: Record<string, string> = { ...req.headers };
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    // Anything but a plain token could break the header: such an id is not sent at all.
    if (isSafeRequestId(opts.requestId)) headers['x-request-id'] = opts.requestId;
    const budget = new CallBudget(opts.deadlineMs, opts.signal);
    let retries = 0;
    let reauthenticated = false;
    for (let attempt = 1; ; attempt++) {
      let sentToken: string | undefined;
      try {
        const token = await budget.within(this.tokens.getToken(), `waiting for an access token (attempt ${attempt})`);
        budget.check(`before attempt ${attempt}`);
        sentToken = token;
        // onAttempt runs in the transport, once pacing let the request go: a refusal is no mint call.
        const res = await this.transport.send(
          { ...req, headers: { ...headers, authorization: `Bearer ${token}` } },
          { timeoutMs: budget.leftMs(), signal: opts.signal, beforeSend: opts.beforeAttempt, onSend: opts.onAttempt },
        );
        if (res.statusCode >= 200 && res.statusCode <= 299) return res;
        throw nomosErrorFromResponse(res.statusCode, res.body, res.headers);
      } catch (err) {
        if (!(err instanceof NomosApiError) || err instanceof NomosAbortedError) throw err;
        // Only a 401 to the API call itself (not from the token endpoint) means our token went bad.
        if (err.statusCode === 401 && sentToken !== undefined && !reauthenticated) {
          reauthenticated = true;
          this.tokens.invalidate(sentToken);
          this.logger.warn(
            `Nomos ${label} attempt ${attempt} got ${describeError(err)}; retrying once with a new token`,
          );
          continue;
        }
        const decision = decideRetry({
          retriesSoFar: retries,
          maxRetries: this.options.maxRetries,
          baseDelayMs: this.options.retryBaseDelayMs,
          maxDelayMs: this.options.retryMaxDelayMs,
          retryable: err.retryable,
          retryAfterMs: err.retryAfterMs,
        });
        if (!decision.retry) throw err;
        // A wait that ends at or after the deadline cannot lead to an answer in time: fail now.
        if (decision.delayMs >= budget.leftMs()) throw err.retryAfterMs === undefined ? err : pastDeadline(err, budget);
        retries++;
        // A failure before onAttempt was the token request, not the call itself.
        const what = sentToken === undefined ? `token request for attempt ${attempt}` : `attempt ${attempt}`;
        this.logger.warn(
          `Nomos ${label} ${what} failed (${describeError(err)}); ` +
            `retry ${retries}/${this.options.maxRetries} in ${decision.delayMs} ms`,
        );
        await budget.sleep(decision.delayMs);
      }
    }
  }
}

// Nomos asked us to wait (Retry-After) longer than the call has left.
function pastDeadline(err: NomosApiError, budget: CallBudget): NomosRateLimitError {
  const left = Math.max(0, Math.floor(budget.leftMs()));
  return new NomosRateLimitError(
    `Nomos asked to retry after ${err.retryAfterMs} ms, beyond the call's deadline (${left} ms left)` +
      (err.requestId ? ` (requestId ${err.requestId})` : ''),
    {
      statusCode: err.statusCode,
      nomosCode: err.nomosCode,
      requestId: err.requestId,
      retryable: true,
      retryAfterMs: err.retryAfterMs,
    },
  );
}
