import { PendingLoginGate } from './pending-login-gate.js';

describe('PendingLoginGate', () => {
  it('reads the count once per refresh interval and adds what it admitted since', async () => {
    let reads = 0;
    let clock = 0;
    const gate = new PendingLoginGate(
      async () => ({ count: (reads++, 2), nextExpiryAt: 5000 }),
      4,
      1000,
      () => clock,
    );
    expect(await gate.admit()).toEqual({ admitted: true });
    expect(await gate.admit()).toEqual({ admitted: true });
    expect(await gate.admit()).toEqual({ admitted: false, nextExpiryAt: 5000 });
    expect(await gate.admit()).toEqual({ admitted: false, nextExpiryAt: 5000 });
    expect(reads).toBe(1);
    clock = 1000;
    expect(await gate.admit()).toEqual({ admitted: true });
    expect(reads).toBe(2);
  });

  it('shares one read among concurrent callers', async () => {
    let reads = 0;
    const gate = new PendingLoginGate(async () => ({ count: (reads++, 0) }), 10);
    const answers = await Promise.all(Array.from({ length: 12 }, () => gate.admit()));
    expect(reads).toBe(1);
    expect(answers.filter((a) => a.admitted)).toHaveLength(10);
  });
});
