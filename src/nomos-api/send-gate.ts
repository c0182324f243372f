import type { Dispatcher } from 'undici';

/** What the gate checks at the moment a request is written to its socket. */
export interface SendGate {
  /**
   * A `performance.now()` time: a request not written by then is cut before any byte leaves and
   * rejects with {@link LateSendError}. A paced call's slot is only good for so long (invariant 10).
   */
  sendBy?: number;
  /** Called once, synchronously, as the request is written (not when it waited in vain). */
  onWrite?: () => void;
}

/**
 * The request was still queued (every connection busy, a slow connect, a stalled event loop) when
 * its time to send ran out; nothing was sent.
 */
export class LateSendError extends Error {
  override readonly name = 'LateSendError';
  constructor(readonly lateByMs: number) {
    super(`request not written ${Math.round(lateByMs)} ms after its deadline to send`);
  }
}

const GATE = 'nomosSendGate';

/** Dispatch options with a gate attached (read by {@link sendGateInterceptor}). */
export function withSendGate<T extends Dispatcher.DispatchOptions>(options: T, gate: SendGate): T {
  return gate.sendBy === undefined && gate.onWrite === undefined ? options : { ...options, [GATE]: gate };
}

/**
 * An undici interceptor: undici calls `onRequestStart` right before it writes a request to a socket,
 * after any wait in the pool's queue, so that is where lateness is decided and a write is counted.
 */
export const sendGateInterceptor: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (options, handler) => {
  const gate = (options as { [GATE]?: SendGate })[GATE];
  return dispatch(options, gate ? new GatedHandler(handler, gate) : handler);
};

class GatedHandler implements Dispatcher.DispatchHandler {
  private written = false;

  constructor(
    private readonly inner: Dispatcher.DispatchHandler,
    private readonly gate: SendGate,
  ) {}

  onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    const late = this.gate.sendBy === undefined ? 0 : performance.now() - this.gate.sendBy;
    if (late > 0 && !this.written) {
      controller.abort(new LateSendError(late));
      return;
    }
    if (!this.written) {
      this.written = true;
      this.gate.onWrite?.();
    }
    this.inner.onRequestStart?.(controller, context);
  }

  onRequestUpgrade(...args: Parameters<NonNullable<Dispatcher.DispatchHandler['onRequestUpgrade']>>): void {
    this.inner.onRequestUpgrade?.(...args);
  }

  onResponseStart(...args: Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseStart']>>): void {
    this.inner.onResponseStart?.(...args);
  }

  onResponseData(...args: Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseData']>>): void {
    this.inner.onResponseData?.(...args);
  }

  onResponseEnd(...args: Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseEnd']>>): void {
    this.inner.onResponseEnd?.(...args);
  }

  onResponseError(...args: Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseError']>>): void {
    this.inner.onResponseError?.(...args);
  }
}
