import { CircuitBreaker, type CircuitState } from './circuit-breaker.js';
import { NomosCircuitOpenError } from './pacing.errors.js';

describe('CircuitBreaker', () => {
  let clock: number;
  let changes: Array<[CircuitState, string]>;
  let breaker: CircuitBreaker;
  beforeEach(() => {
    clock = 0;
    changes = [];
    breaker = new CircuitBreaker(
      { failureThreshold: 3, coolDownMs: 1000 },
      (state, why) => changes.push([state, why]),
      () => clock,
    );
  });
  const failTimes = (n: number) => {
    for (let i = 0; i < n; i++) breaker.failed(breaker.admit());
  };
  const refusal = (): NomosCircuitOpenError => {
    try {
      breaker.admit();
    } catch (error) {
      expect(error).toBeInstanceOf(NomosCircuitOpenError);
      return error as NomosCircuitOpenError;
    }
    throw new Error('expected the breaker to refuse');
  };

  it('opens after the threshold of failures in a row and refuses with the cool-down left', () => {
    failTimes(2);
    expect(breaker.state).toBe('closed');
    failTimes(1);
    expect(breaker.state).toBe('open');
    expect(changes).toEqual([['open', '3 failures in a row']]);
    clock = 400;
    const error = refusal();
    expect([error.code, error.retryAfterMs, error.retryable]).toEqual(['CIRCUIT_OPEN', 600, false]);
  });

  it('counts only failures in a row: an answer resets the count', () => {
    failTimes(2);
    breaker.succeeded(breaker.admit());
    failTimes(2);
    expect(breaker.state).toBe('closed');
  });

  it('lets exactly one probe through when half-open; its success closes the circuit', () => {
    failTimes(3);
    clock = 1000;
    expect(breaker.state).toBe('half-open');
    const probe = breaker.admit();
    expect(probe.probe).toBe(true);
    expect(refusal().retryAfterMs).toBe(1000);
    breaker.succeeded(probe);
    expect(breaker.state).toBe('closed');
    expect(breaker.admit().probe).toBe(false);
    expect(changes.map(([state]) => state)).toEqual(['open', 'closed']);
  });

  it('reopens for a whole cool-down when the probe fails', () => {
    failTimes(3);
    clock = 1500;
    breaker.failed(breaker.admit());
    expect(breaker.state).toBe('open');
    clock = 2400;
    expect(refusal().retryAfterMs).toBe(100);
    expect(changes).toEqual([
      ['open', '3 failures in a row'],
      ['open', 'the probe call failed'],
    ]);
  });

  it('frees the probe slot when the probe ends without an answer (cancelled, never sent)', () => {
    failTimes(3);
    clock = 1000;
    breaker.released(breaker.admit());
    expect(breaker.admit().probe).toBe(true);
  });

  it('ignores failures of calls let through before it opened', () => {
    const early = [breaker.admit(), breaker.admit(), breaker.admit(), breaker.admit()];
    early.slice(0, 3).forEach((ticket) => breaker.failed(ticket));
    clock = 999;
    breaker.failed(early[3]);
    clock = 1000;
    expect(breaker.state).toBe('half-open');
  });
});
