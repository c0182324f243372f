// Found by `npm run test:mutation`: which hosts count as loopback for plain http, and what the
// typed errors carry.
import { NomosAbortedError, NomosApiError } from '../../../src/nomos-api/nomos-api.errors.js';
import { isLoopbackHost } from '../../../src/common/loopback-host.js';

describe('isLoopbackHost', () => {
  it.each(['localhost', 'LOCALHOST', '127.0.0.1', '127.255.0.9', '[::1]', '::1'])('accepts %s', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each(['localhost.evil.example', '127.0.0.1.evil.example', '128.0.0.1', '10.127.0.1', '[::2]', 'x[::1]'])(
    'refuses %s',
    (host) => {
      expect(isLoopbackHost(host)).toBe(false);
    },
  );
});

describe('Nomos errors', () => {
  it('keep their details and a cause only when there is one', () => {
    const cause = new Error('socket');
    const error = new NomosApiError('m', {
      statusCode: 502,
      nomosCode: 'BAD_GATEWAY',
      requestId: 'rq',
      retryable: true,
      retryAfterMs: 5,
      cause,
    });
    expect([
      error.statusCode,
      error.nomosCode,
      error.requestId,
      error.retryable,
      error.retryAfterMs,
      error.cause,
    ]).toEqual([502, 'BAD_GATEWAY', 'rq', true, 5, cause]);
    expect('cause' in new NomosApiError('m', { nomosCode: 'X', retryable: false })).toBe(false);
    const aborted = new NomosAbortedError();
    expect([aborted.message, aborted.code, aborted.retryable]).toEqual([
      'Nomos API call aborted by the caller',
      'ABORTED',
      false,
    ]);
  });
});
