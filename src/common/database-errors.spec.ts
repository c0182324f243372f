import { DataSource, QueryFailedError } from 'typeorm';
import { isSqliteBusy, isUniqueViolation } from './database-errors.js';

const busy = () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
const failed = (driverError: object) => new QueryFailedError('INSERT …', [], driverError as Error);

describe('isSqliteBusy', () => {
  it('recognises SQLITE_BUSY raw and as TypeORM wraps it', () => {
    expect(isSqliteBusy(busy())).toBe(true);
    expect(isSqliteBusy({ driverError: { code: 'SQLITE_BUSY_SNAPSHOT' } })).toBe(true);
    expect(isSqliteBusy(Object.assign(new Error('x'), { code: 'SQLITE_CONSTRAINT' }))).toBe(false);
    expect(isSqliteBusy(undefined)).toBe(false);
  });
});

describe('isUniqueViolation', () => {
  let source: DataSource;
  beforeAll(async () => {
    source = await new DataSource({ type: 'better-sqlite3', database: ':memory:' }).initialize();
    await source.query('CREATE TABLE t (id TEXT PRIMARY KEY, email TEXT UNIQUE, n INTEGER NOT NULL)');
    await source.query("INSERT INTO t VALUES ('a', 'a@x', 1)");
  });
  afterAll(() => source.destroy());
  const refusal = (sql: string) =>
    source.query(sql).then(
      () => undefined,
      (error: unknown) => error,
    );

  it('accepts what SQLite throws for a UNIQUE index and for a primary key', async () => {
    expect(isUniqueViolation(await refusal("INSERT INTO t VALUES ('b', 'a@x', 1)"))).toBe(true);
    expect(isUniqueViolation(await refusal("INSERT INTO t VALUES ('a', 'b@x', 1)"))).toBe(true);
  });

  it("accepts PostgreSQL's 23505, SQLite's extended code, and SQLite's message without a code", () => {
    expect(
      isUniqueViolation(failed({ code: '23505', message: 'duplicate key value violates unique constraint' })),
    ).toBe(true);
    expect(isUniqueViolation(failed({ code: 'SQLITE_CONSTRAINT_UNIQUE', message: 'x' }))).toBe(true);
    expect(isUniqueViolation(failed({ message: 'UNIQUE constraint failed: t.id' }))).toBe(true);
  });

  it('refuses other constraint failures, other errors, and a bare driver error TypeORM did not wrap', async () => {
    expect(isUniqueViolation(await refusal("INSERT INTO t VALUES ('c', 'c@x', NULL)"))).toBe(false);
    expect(isUniqueViolation(failed({ code: '23503', message: 'foreign key violation' }))).toBe(false);
    expect(isUniqueViolation(Object.assign(new Error('UNIQUE constraint failed: t.id'), { code: '23505' }))).toBe(
      false,
    );
    expect(isUniqueViolation(undefined)).toBe(false);
  });
});
