import { DuePurge } from './due-purge.js';

describe('DuePurge', () => {
  it('purges on the first call, then at most once per interval', async () => {
    let purges = 0;
    const due = new DuePurge(
      1000,
      async () => ++purges,
      () => undefined,
    );
    await due.runIfDue(0);
    await due.runIfDue(999);
    expect(purges).toBe(1);
    await due.runIfDue(1000);
    expect(purges).toBe(2);
  });

  it('purges on every call with interval 0', async () => {
    let purges = 0;
    const due = new DuePurge(
      0,
      async () => ++purges,
      () => undefined,
    );
    await Promise.all([due.runIfDue(5), due.runIfDue(5), due.runIfDue(5)]);
    expect(purges).toBe(3);
  });

  it('reports a failed purge instead of rejecting, and counts it as the purge of its interval', async () => {
    const seen: unknown[] = [];
    let purges = 0;
    const due = new DuePurge(
      1000,
      async () => Promise.reject(new Error(`purge ${++purges}`)),
      (error) => seen.push(error),
    );
    await expect(due.runIfDue(0)).resolves.toBeUndefined();
    await due.runIfDue(10);
    expect(seen).toEqual([new Error('purge 1')]);
  });
});
