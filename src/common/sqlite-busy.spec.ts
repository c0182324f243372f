import { DataSource } from 'typeorm';
import { applySqliteBusyTimeout, retryWhileSqliteBusy } from './sqlite-busy.js';

const busy = () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });

describe('SQLite busy handling', () => {
  const sources: DataSource[] = [];
  const open = async (options: { timeout?: number } = {}) => {
    const source = new DataSource({ type: 'better-sqlite3', database: ':memory:', ...options });
    sources.push(await source.initialize());
    return source;
  };
  const busyTimeout = (source: DataSource) =>
    (
      source.driver as unknown as { databaseConnection: { pragma(sql: string, o: object): unknown } }
    ).databaseConnection.pragma('busy_timeout', { simple: true });
  afterAll(async () => Promise.all(sources.map((s) => s.destroy())));

  const unsetTimeout = "sets busy_timeout 0 where the host left TypeORM's timeout unset";
  it(`${unsetTimeout} (the driver's default waits 5 s, loop stopped)`, async () => {
    const source = await open();
    expect(busyTimeout(source)).toBe(5000);
    expect(applySqliteBusyTimeout(source)).toBe(0);
    expect(busyTimeout(source)).toBe(0);
  });

  it('keeps a timeout the host chose, and leaves other databases alone', async () => {
    const source = await open({ timeout: 250 });
    expect(applySqliteBusyTimeout(source)).toBe(250);
    expect(busyTimeout(source)).toBe(250);
    expect(
      applySqliteBusyTimeout(new DataSource({ type: 'postgres', url: 'postgres://127.0.0.1:1/none' })),
    ).toBeUndefined();
  });

  it('retries while busy, then succeeds or lets the last error stand; other errors at once', async () => {
    let calls = 0;
    await expect(
      retryWhileSqliteBusy(async () => (++calls < 3 ? Promise.reject(busy()) : 'done'), [1, 1, 1]),
    ).resolves.toBe('done');
    expect(calls).toBe(3);
    calls = 0;
    await expect(retryWhileSqliteBusy(async () => (++calls, Promise.reject(busy())), [1, 1])).rejects.toMatchObject({
      code: 'SQLITE_BUSY',
    });
    expect(calls).toBe(3);
    calls = 0;
    await expect(
      retryWhileSqliteBusy(async () => (++calls, Promise.reject(new Error('other'))), [1, 1]),
    ).rejects.toThrow('other');
    expect(calls).toBe(1);
  });
});
