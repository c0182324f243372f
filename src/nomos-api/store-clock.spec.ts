import { StoreClock } from './store-clock.js';

describe('StoreClock', () => {
  it('maps store times with the offset of the fastest round trip', () => {
    const clock = new StoreClock();
    // Store clock 1000 ms behind ours; a slow answer (400 ms) would put the offset 200 ms off.
    clock.observe(5000, 5400, 4000);
    clock.observe(6000, 6002, 5001);
    clock.observe(7000, 7300, 6000);
    expect(clock.toLocal(8000)).toBe(9000);
  });

  it('takes any sample once the best one is old, and ignores a store clock that is not a number', () => {
    const clock = new StoreClock(100);
    clock.observe(0, 2, 1);
    clock.observe(500, 800, 0);
    expect(clock.toLocal(0)).toBe(650);
    clock.observe(900, 901, Number.NaN);
    expect(clock.toLocal(0)).toBe(650);
  });
});
