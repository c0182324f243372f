// Found by `npm run test:mutation`: how strictly `Retry-After` delta-seconds are read.
import { parseRetryAfter } from '../../../src/nomos-api/retry-policy.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2030-01-01T00:00:00.000Z');

  it('reads delta-seconds with more than one decimal', () => {
    expect(parseRetryAfter('1.25', now)).toBe(1250);
    expect(parseRetryAfter(' 2 ', now)).toBe(2000);
  });

  it('reads nothing from seconds followed by other text', () => {
    expect(parseRetryAfter('1x', now)).toBeUndefined();
    expect(parseRetryAfter('1.5 seconds', now)).toBeUndefined();
  });

  it('reads an HTTP date as the wait until then, never negative', () => {
    expect(parseRetryAfter('Tue, 01 Jan 2030 00:00:03 GMT', now)).toBe(3000);
    expect(parseRetryAfter('Mon, 31 Dec 2029 23:59:00 GMT', now)).toBe(0);
  });
});
