import { clientBucketOf, InMemorySamlRateLimitStorage } from './saml-rate-limit.storage.js';

describe('InMemorySamlRateLimitStorage', () => {
  const storage = new InMemorySamlRateLimitStorage();
  afterAll(() => storage.onApplicationShutdown());

  it('counts hits per key in a window and blocks past the limit, per key', async () => {
    for (let hit = 1; hit <= 3; hit++)
      expect(await storage.increment('a', 60_000, 3, 60_000)).toMatchObject({ totalHits: hit, isBlocked: false });
    const blocked = await storage.increment('a', 60_000, 3, 60_000);
    expect(blocked.isBlocked).toBe(true);
    expect(blocked.timeToBlockExpire).toBe(60);
    expect((await storage.increment('b', 60_000, 3, 60_000)).isBlocked).toBe(false);
  });

  it('starts a new window once the old one and its block are over', async () => {
    for (let hit = 0; hit < 2; hit++) await storage.increment('short', 1, 1, 1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await storage.increment('short', 1, 1, 1)).toMatchObject({ totalHits: 1, isBlocked: false });
  });
});

describe('clientBucketOf', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2:ffff::1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    [undefined, 'unknown'],
  ])('puts %j in bucket %j (IPv6 by /64, so one host cannot rotate addresses)', (ip, bucket) => {
    expect(clientBucketOf(ip)).toBe(bucket);
  });
});
