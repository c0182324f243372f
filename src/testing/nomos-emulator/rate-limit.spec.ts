import { callApi, fetchToken } from './emulator-http.spec-helper.js';
import { NomosEmulator } from './nomos-emulator.js';
import { DOCUMENTED_RATE_LIMIT, RateLimiter } from './rate-limiter.js';

const ANNA = 'cus_demo0anna0becker0000001';
const mintBody = (bearer: string) => ({ bearer, json: { customerId: ANNA } });

describe('RateLimiter (fixed window, injectable clock)', () => {
  it('allows `limit` per window, then refuses with Retry-After = seconds to the reset (never 0)', () => {
    let now = 5_000;
    const limiter = new RateLimiter({ limit: 3, windowSec: 2 }, () => now);
    expect([1, 2, 3].map(() => limiter.take().headers['ratelimit-remaining'])).toEqual(['2', '1', '0']);
    now += 1_999;
    const refused = limiter.take();
    expect(refused).toEqual({
      allowed: false,
      retryAfterSec: 1,
      headers: { 'ratelimit-limit': '3', 'ratelimit-remaining': '0', 'ratelimit-reset': '1', 'Retry-After': '1' },
    });
    now += 1; // the window (2 s from its first request) is over
    expect(limiter.take()).toEqual({
      allowed: true,
      headers: { 'ratelimit-limit': '3', 'ratelimit-remaining': '2', 'ratelimit-reset': '2' },
    });
  });

  it("a fresh 1 s window reports reset 1 whatever the clock's fractions (float noise rounded away)", () => {
    for (const start of [123_456.789_012_3, 0.1 + 0.2, 98_765_432.1]) {
      expect(new RateLimiter({ limit: 10, windowSec: 1 }, () => start).take().headers['ratelimit-reset']).toBe('1');
    }
  });

  it('refuses a limit or window that is not a positive integer', () => {
    for (const bad of [
      { limit: 0, windowSec: 1 },
      { limit: 1.5, windowSec: 1 },
      { limit: 10, windowSec: 0.5 },
      { limit: 10, windowSec: -1 },
    ]) {
      expect(() => new RateLimiter(bad)).toThrow(/must be a positive integer/);
    }
  });
});

describe('NomosEmulator rate limit over HTTP', () => {
  it(
    'strict by default: the documented 10 requests per ' + 'second per client, headers from the first answer on',
    async () => {
      expect(DOCUMENTED_RATE_LIMIT).toEqual({ limit: 10, windowSec: 1 });
      const nomos = new NomosEmulator();
      await nomos.start();
      try {
        const res = await callApi(nomos, 'POST', '/oauth/token', {
          basic: ['test-client', 'test-secret'],
          form: { grant_type: 'client_credentials' },
        });
        expect([
          res.status,
          res.headers['ratelimit-limit'],
          res.headers['ratelimit-remaining'],
          res.headers['ratelimit-reset'],
        ]).toEqual([200, '10', '9', '1']);
        expect((await callApi(nomos, 'GET', '/health')).headers['ratelimit-limit']).toBeUndefined(); // not counted
      } finally {
        await nomos.stop();
      }
    },
  );

  it(
    'ratelimit-* on every counted answer, then 429 TOO_MANY_REQUESTS + ' +
      'Retry-After; a refused request is counted and leaves faults queued',
    async () => {
      // A long window so the sequence below is exact however slow the machine is.
      const nomos = new NomosEmulator({ rateLimit: { limit: 10, windowSec: 60 } });
      await nomos.start();
      try {
        nomos.injectFault('mint', { status: 500 });
        const token = await fetchToken(nomos); // 1 of 10
        const answers = [];
        for (let i = 0; i < 10; i++) answers.push(await callApi(nomos, 'GET', `/customers/${ANNA}`, { bearer: token }));
        expect(answers.map((a) => a.status)).toEqual([...Array(9).fill(200), 429]);
        expect(answers.map((a) => a.headers['ratelimit-remaining'])).toEqual([
          '8',
          '7',
          '6',
          '5',
          '4',
          '3',
          '2',
          '1',
          '0',
          '0',
        ]);
        for (const a of answers) {
          expect(a.headers['ratelimit-limit']).toBe('10');
          expect(Number(a.headers['ratelimit-reset'])).toBeGreaterThanOrEqual(1);
          expect(Number(a.headers['ratelimit-reset'])).toBeLessThanOrEqual(60);
        }
        const refused = answers[9];
        expect(refused.headers['retry-after']).toBe(refused.headers['ratelimit-reset']);
        expect(refused.json).toEqual({
          code: 'TOO_MANY_REQUESTS',
          message: `Wait ${refused.headers['retry-after']} seconds before retrying.`,
          requestId: refused.headers['x-request-id'],
          docs: 'https://docs.nomos.energy/api-references/errors/TOO_MANY_REQUESTS',
        });
        const limitedMint = await callApi(nomos, 'POST', '/admin/magic_link', mintBody(token));
        expect([
          limitedMint.status,
          nomos.counters.mintRequests,
          nomos.counters.mintByStatus,
          nomos.counters.rateLimited,
        ]).toEqual([429, 1, { 429: 1 }, 2]);
        expect(nomos.answers().map((a) => [a.route, a.status])).toEqual([
          ['token', 200],
          ...Array(9).fill(['customers', 200]),
          ['customers', 429],
          ['mint', 429],
        ]);
      } finally {
        await nomos.stop();
      }
    },
  );

  it(
    'after waiting Retry-After, the next request gets ' + 'through (a new window), and the queued fault answers it',
    async () => {
      const nomos = new NomosEmulator({ rateLimit: { limit: 1, windowSec: 2 } });
      await nomos.start();
      try {
        const token = await fetchToken(nomos);
        nomos.injectFault('mint', { status: 500 });
        const limited = await callApi(nomos, 'POST', '/admin/magic_link', mintBody(token));
        expect(limited.status).toBe(429);
        await new Promise((resolve) => setTimeout(resolve, Number(limited.headers['retry-after']) * 1000));
        const faulted = await callApi(nomos, 'POST', '/admin/magic_link', mintBody(token));
        expect([faulted.status, faulted.headers['ratelimit-remaining']]).toEqual([500, '0']);
      } finally {
        await nomos.stop();
      }
    },
  );

  it('counts token requests, and refused credentials, against the same client limit', async () => {
    const nomos = new NomosEmulator({ rateLimit: { limit: 2, windowSec: 60 } });
    await nomos.start();
    try {
      const form = { grant_type: 'client_credentials' };
      expect((await callApi(nomos, 'POST', '/oauth/token', { basic: ['test-client', 'wrong'], form })).status).toBe(
        401,
      );
      expect(
        (await callApi(nomos, 'POST', '/oauth/token', { basic: ['test-client', 'test-secret'], form })).status,
      ).toBe(200);
      const third = await callApi(nomos, 'POST', '/oauth/token', { basic: ['test-client', 'test-secret'], form });
      expect([third.status, third.headers['retry-after'], third.json.code]).toEqual([
        429,
        expect.stringMatching(/^(59|60)$/),
        'TOO_MANY_REQUESTS',
      ]);
      expect(nomos.counters.tokenRequests).toBe(3);
    } finally {
      await nomos.stop();
    }
  });

  it('rateLimit: false (strict) and lenient mode: no limit and no ratelimit-* headers', async () => {
    for (const options of [{ rateLimit: false as const }, { strict: false }]) {
      const nomos = new NomosEmulator(options);
      await nomos.start();
      try {
        const token = await fetchToken(nomos);
        const answers = await Promise.all(
          Array.from({ length: 25 }, () => callApi(nomos, 'GET', `/customers/${ANNA}`, { bearer: token })),
        );
        expect(answers.map((a) => a.status)).toEqual(Array(25).fill(200));
        expect(answers.some((a) => 'ratelimit-limit' in a.headers)).toBe(false);
        expect(nomos.counters.rateLimited).toBe(0);
      } finally {
        await nomos.stop();
      }
    }
  });

  it('records the client X-Request-Id of each answer, so a client retry can be paired with its 429', async () => {
    const nomos = new NomosEmulator({ rateLimit: { limit: 2, windowSec: 1 } });
    await nomos.start();
    try {
      const token = await fetchToken(nomos);
      await callApi(nomos, 'POST', '/admin/magic_link', { ...mintBody(token), headers: { 'X-Request-Id': 'ours-1' } });
      await callApi(nomos, 'POST', '/admin/magic_link', { ...mintBody(token), headers: { 'X-Request-Id': 'ours-2' } });
      const [, first, second] = nomos.answers();
      expect([
        first.clientRequestId,
        first.status,
        second.clientRequestId,
        second.status,
        second.retryAfterSec,
      ]).toEqual(['ours-1', 200, 'ours-2', 429, 1]);
      expect(second.answeredAt).toBeGreaterThanOrEqual(second.arrivedAt);
    } finally {
      await nomos.stop();
    }
  });
});

describe('NomosEmulator X-API-Version (README: "Responses echo it")', () => {
  it('echoes the request version on every answer: success, 401, 404, injected fault and rate-limited 429', async () => {
    const nomos = new NomosEmulator({ rateLimit: { limit: 4, windowSec: 60 } });
    await nomos.start();
    try {
      const pinned = { 'X-API-Version': '2025-11-11.test' };
      const token = await fetchToken(nomos);
      nomos.injectFault('mint', { status: 503, retryAfter: 1 });
      const answers = [
        await callApi(nomos, 'POST', '/admin/magic_link', {
          bearer: token,
          json: { customerId: ANNA },
          headers: pinned,
        }),
        await callApi(nomos, 'GET', '/customers', { bearer: 'nope', headers: pinned }),
        await callApi(nomos, 'GET', '/nope', { headers: pinned }),
        await callApi(nomos, 'GET', '/customers', { bearer: token, headers: pinned }),
        await callApi(nomos, 'GET', '/customers', { bearer: token, headers: pinned }),
      ];
      expect(answers.map((a) => [a.status, a.headers['x-api-version']])).toEqual([
        [503, '2025-11-11.test'],
        [401, '2025-11-11.test'],
        [404, '2025-11-11.test'],
        [200, '2025-11-11.test'],
        [429, '2025-11-11.test'],
      ]);
      // Without one, the pinned default version of the emulator.
      expect((await callApi(nomos, 'GET', '/health')).headers['x-api-version']).toBe('2026-05-27.curie');
    } finally {
      await nomos.stop();
    }
  });
});
