import { setTimeout as sleep } from 'node:timers/promises';
import { ABOVE_SPEC_LOAD, callApi } from './emulator-http.spec-helper.js';
import { NomosEmulator } from './nomos-emulator.js';

describe('NomosEmulator per-window call counts', () => {
  let nomos: NomosEmulator;
  beforeAll(async () => {
    nomos = new NomosEmulator({ rateLimit: ABOVE_SPEC_LOAD });
    await nomos.start();
  });
  afterAll(() => nomos.stop());
  beforeEach(() => nomos.resetCounters());

  it('records every API request, refused and unrouted ones too, but not /health', async () => {
    await callApi(nomos, 'GET', '/customers');
    await callApi(nomos, 'GET', '/subscriptions/sub_none');
    await callApi(nomos, 'GET', '/no-such-route');
    await callApi(nomos, 'GET', '/health');
    const times = nomos.callTimes();
    expect(times).toHaveLength(3);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('finds the busiest sliding window, not a fixed one', async () => {
    for (let i = 0; i < 3; i++) await callApi(nomos, 'GET', '/customers');
    // A pause longer than twice the first group took (however loaded the machine), then two more.
    const first = nomos.callTimes();
    await sleep(Math.max(400, 2 * (first[2] - first[0])));
    for (let i = 0; i < 2; i++) await callApi(nomos, 'GET', '/customers');
    const times = nomos.callTimes();
    expect(nomos.maxCallsInAnyWindow(60_000)).toBe(5);
    // A window as wide as either group holds the first three, never calls of both groups.
    const group = Math.max(times[2] - times[0], times[4] - times[3]) + 1;
    expect(times[3] - times[2]).toBeGreaterThan(group);
    expect(nomos.maxCallsInAnyWindow(group)).toBe(3);
    expect(nomos.maxCallsInAnyWindow(0.001)).toBe(1);
    nomos.resetCounters();
    expect(nomos.maxCallsInAnyWindow()).toBe(0);
    expect(nomos.callTimes()).toEqual([]);
  });
});
