// Found by `npm run test:mutation`: what a refused or failed Nomos call becomes for the person and
// the audit row, code by code (the pacing and breaker refusals were only met in test/pacing).
import { MagicLinkUnavailableError, NomosApiError, NomosBusyError, NomosCircuitOpenError } from '../../../src/index.js';
import { NomosRateLimitError } from '../../../src/nomos-api/index.js';
import { auditCodeOf, auditOutcomeOf, toUnavailable } from '../../../src/magic-links/mint-failure.js';

describe('toUnavailable and the audit code and outcome of a failed mint', () => {
  it('answers pacing BUSY as retryable, in whole seconds (at least 1), audited denied', () => {
    const busy = new NomosBusyError('no slot within 2 s', 2300);
    const failure = toUnavailable(busy);
    expect(failure).toBeInstanceOf(MagicLinkUnavailableError);
    expect(failure).toMatchObject({ code: 'BUSY', retryable: true, retryAfterSeconds: 3, cause: busy });
    expect(failure.nomosRequestId).toBeUndefined();
    expect(auditOutcomeOf(failure)).toBe('denied');
    expect(auditCodeOf(failure)).toBe('BUSY');
    expect(toUnavailable(new NomosBusyError('queue full', 1)).retryAfterSeconds).toBe(1);
  });

  it('answers an open circuit as CIRCUIT_OPEN with the cool-down left, audited failed', () => {
    const failure = toUnavailable(new NomosCircuitOpenError(4000));
    expect(failure).toMatchObject({ code: 'CIRCUIT_OPEN', retryable: true, retryAfterSeconds: 4 });
    expect(auditOutcomeOf(failure)).toBe('failed');
    expect(auditCodeOf(failure)).toBe('CIRCUIT_OPEN');
  });

  it('answers Nomos slowing us down as RATE_LIMITED with its request id', () => {
    const limited = new NomosRateLimitError('429', { retryable: true, requestId: 'req_1', statusCode: 429 });
    expect(toUnavailable(limited)).toMatchObject({ code: 'RATE_LIMITED', retryable: true, nomosRequestId: 'req_1' });
  });

  it("keeps Nomos's own error code for the audit, and sorts other statuses into unavailable or bad request", () => {
    const details = { retryable: false, requestId: 'req_2', nomosCode: 'customer_not_found' };
    const notFound = toUnavailable(new NomosApiError('404', { ...details, statusCode: 404 }));
    expect(notFound).toMatchObject({ code: 'BAD_REQUEST', nomosCode: 'customer_not_found', nomosRequestId: 'req_2' });
    expect(auditCodeOf(notFound)).toBe('customer_not_found');
    const down = toUnavailable(new NomosApiError('502', { retryable: true, statusCode: 502 }));
    expect(down).toMatchObject({ code: 'NOMOS_UNAVAILABLE', retryable: true });
    expect(auditCodeOf(down)).toBe('NOMOS_UNAVAILABLE');
    expect(toUnavailable(new NomosApiError('500', { retryable: true, statusCode: 500 })).code).toBe(
      'NOMOS_UNAVAILABLE',
    );
    expect(toUnavailable(new NomosApiError('499', { retryable: false, statusCode: 499 })).code).toBe('BAD_REQUEST');
    expect(toUnavailable(new NomosApiError('no status', { retryable: false })).code).toBe('BAD_REQUEST');
  });

  it('answers anything else as INTERNAL_ERROR, not retryable', () => {
    const cause = new TypeError('bug');
    expect(toUnavailable(cause)).toMatchObject({ code: 'INTERNAL_ERROR', retryable: false, cause });
  });
});
