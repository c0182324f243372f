import type { QueryRunner } from 'typeorm';

const POSTGRES_TYPES = new Set(['postgres', 'aurora-postgres']);
// Every TypeORM driver built on AbstractSqliteDriver speaks the same SQL.
const SQLITE_TYPES = new Set([
  'better-sqlite3',
  'sqljs',
  'capacitor',
  'cordova',
  'expo',
  'nativescript',
  'react-native',
]);

/**
 * The statements written for the DataSource's engine. Shared by the migrations, which otherwise
 * import nothing, so that an unsupported driver is refused the same way before anything runs.
 * @throws Error naming the unsupported driver
 */
export function forDialect<T>(queryRunner: QueryRunner, statements: { postgres: T; sqlite: T }): T {
  const type = dataSourceType(queryRunner);
  if (POSTGRES_TYPES.has(type)) return statements.postgres;
  if (SQLITE_TYPES.has(type)) return statements.sqlite;
  throw new Error(
    `nestjs-nomos-portal migrations support PostgreSQL and SQLite only; DataSource type "${type}" is not supported`,
  );
}

interface NamedDataSource {
  options: { type: string };
}

// TypeORM 1 names the runner's DataSource `dataSource`; 0.3 names it `connection` (1.0 removed that
// name), so the migrations read whichever the installed TypeORM has and run on both.
function dataSourceType(queryRunner: QueryRunner): string {
  const runner: { dataSource?: NamedDataSource; connection?: NamedDataSource } = queryRunner;
  const dataSource = runner.dataSource ?? runner.connection;
  if (dataSource === undefined) throw new Error('nestjs-nomos-portal migrations: the QueryRunner has no DataSource');
  return dataSource.options.type;
}

/**
 * `CREATE TABLE "<name>" (<columns>)`, written one column per line so a migration stays readable
 * within the print width; the SQL it returns is the single line TypeORM's schema builder emits.
 */
export function createTable(name: string, columns: string[]): string {
  return `CREATE TABLE "${name}" (${columns.join(', ')})`;
}
