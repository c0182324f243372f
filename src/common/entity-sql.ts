import type { DataSource, EntityManager, EntityMetadata, EntityTarget, ObjectLiteral, QueryRunner } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';

// The drivers whose SQL this writes (both have RETURNING); any other gets `undefined` from `of`.
const DIALECTS = new Set(['better-sqlite3', 'postgres']);

/**
 * Parameterised SQL for the few statements of the click path, built once per shape and run through
 * the DataSource's own driver: the query builder costs more CPU per click than the rest of the
 * package, and on SQLite it inlines numbers (ids, timestamps) into the text, so every statement is
 * new to better-sqlite3's statement cache and prepared again (issue 13's profile). Values go through
 * the driver's `preparePersistentValue` and come back through `prepareHydratedValue`, the column
 * transformers included, exactly as TypeORM's own reads and writes do.
 */
export class EntitySql<T extends ObjectLiteral> {
  private readonly texts = new Map<string, string>();
  private readonly columns = new Map<keyof T, ColumnMetadata>();
  private found?: { metadata: EntityMetadata; table: string };

  private constructor(
    private readonly dataSource: DataSource,
    private readonly entity: EntityTarget<T>,
  ) {}

  // Looked up on first use: a service may be built before its DataSource is initialised.
  private get metadata(): EntityMetadata {
    return this.lookup().metadata;
  }

  private get table(): string {
    return this.lookup().table;
  }

  private lookup(): { metadata: EntityMetadata; table: string } {
    if (!this.found) {
      const metadata = this.dataSource.getMetadata(this.entity);
      const table = metadata.tablePath
        .split('.')
        .map((part) => this.dataSource.driver.escape(part))
        .join('.');
      this.found = { metadata, table };
    }
    return this.found;
  }

  /** Statements for `entity`, or `undefined` on a driver this does not write SQL for (then use the repository). */
  static of<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>): EntitySql<T> | undefined {
    // TypeORM 1 names it `dataSource`, 0.3 `connection`.
    const dataSource = (manager as { dataSource?: DataSource }).dataSource ?? manager.connection;
    return DIALECTS.has(String(dataSource?.options?.type)) ? new EntitySql(dataSource, entity) : undefined;
  }

  /** Inserts one row. @returns the inserted row's `returning` column, as stored */
  async insert<K extends keyof T>(manager: EntityManager, values: Partial<T>, returning: K): Promise<T[K]> {
    const keys = this.keysOf(values);
    const sql = this.text(`insert ${keys.join()} ${String(returning)}`, () => {
      const columns = keys.map((key) => this.escaped(key)).join(', ');
      const values = this.params(keys.length, 0);
      return `INSERT INTO ${this.table} (${columns}) VALUES (${values}) RETURNING ${this.escaped(returning)}`;
    });
    const { records } = await this.run(manager, sql, this.persisted(values, keys));
    return this.hydrate(records[0] as ObjectLiteral)[returning];
  }

  /**
   * Sets `values` (and adds `increments`) on the rows matching `where` (equality on each key).
   * `advisoryLock` (PostgreSQL, with `returning: 'row'`): also takes `pg_advisory_xact_lock` of that
   * key in the same statement, once a row has changed, saving the lock's own round trip.
   * @returns the changed rows as stored (hydrated), with `returning: 'row'`; else how many changed
   */
  async update(
    manager: EntityManager,
    where: Partial<T>,
    values: Partial<T>,
    options: { increment?: keyof T; returning: 'row'; advisoryLock?: string },
  ): Promise<T[]>;
  async update(
    manager: EntityManager,
    where: Partial<T>,
    values: Partial<T>,
    options?: { increment?: keyof T },
  ): Promise<number>;
  async update(
    manager: EntityManager,
    where: Partial<T>,
    values: Partial<T>,
    options: { increment?: keyof T; returning?: 'row'; advisoryLock?: string } = {},
  ): Promise<T[] | number> {
    const setKeys = this.keysOf(values);
    const whereKeys = this.keysOf(where);
    const { increment, returning, advisoryLock } = options;
    if (advisoryLock !== undefined && (returning !== 'row' || this.dataSource.options.type !== 'postgres')) {
      throw new Error('EntitySql: an advisory lock is taken with returning rows, on PostgreSQL only');
    }
    const locked = advisoryLock !== undefined;
    const shape = `update ${setKeys.join()} ${String(increment)} ${whereKeys.join()} ${returning} ${locked}`;
    const sql = this.text(shape, () => {
      const sets = setKeys.map((key, i) => `${this.escaped(key)} = ${this.param(i)}`);
      if (increment !== undefined) sets.push(`${this.escaped(increment)} = ${this.escaped(increment)} + 1`);
      const conditions = whereKeys.map((key, i) => `${this.escaped(key)} = ${this.param(setKeys.length + i)}`);
      const update =
        `UPDATE ${this.table} SET ${sets.join(', ')} WHERE ${conditions.join(' AND ')}` +
        (returning ? ' RETURNING *' : '');
      // The lock is taken for each changed row as the outer SELECT reads it, so after the row's own
      // lock, as a separate statement would; no row changed, no lock (there is nothing to append).
      const lock = this.param(setKeys.length + whereKeys.length);
      return locked
        ? `WITH changed AS (${update}) SELECT changed.*, pg_advisory_xact_lock(${lock}) AS "nomos_lock" FROM changed`
        : update;
    });
    const result = await this.run(manager, sql, [
      ...this.persisted(values, setKeys),
      ...this.persisted(where, whereKeys),
      ...(locked ? [advisoryLock] : []),
    ]);
    return returning ? result.records.map((raw) => this.hydrate(raw as ObjectLiteral)) : (result.affected ?? 0);
  }

  /** The first row matching `where`, in `order` of one column, `undefined` when none. */
  async first(
    manager: EntityManager,
    where: Partial<T>,
    order?: { by: keyof T; direction: 'ASC' | 'DESC' },
  ): Promise<T | undefined> {
    const whereKeys = this.keysOf(where);
    const shape = `first ${whereKeys.join()} ${order ? `${String(order.by)} ${order.direction}` : ''}`;
    const sql = this.text(shape, () => {
      const conditions = whereKeys.map((key, i) => `${this.escaped(key)} = ${this.param(i)}`);
      return (
        `SELECT * FROM ${this.table}` +
        (conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '') +
        (order ? ` ORDER BY ${this.escaped(order.by)} ${order.direction}` : '') +
        ' LIMIT 1'
      );
    });
    const { records } = await this.run(manager, sql, this.persisted(where, whereKeys));
    return records.length ? this.hydrate(records[0] as ObjectLiteral) : undefined;
  }

  private async run(manager: EntityManager, sql: string, parameters: unknown[]) {
    // Inside a transaction its runner; else one from the pool for this statement, as `manager.query` does.
    const runner: QueryRunner = manager.queryRunner ?? this.dataSource.createQueryRunner();
    try {
      return await runner.query(sql, parameters, true);
    } finally {
      if (runner !== manager.queryRunner) await runner.release();
    }
  }

  private text(shape: string, build: () => string): string {
    let sql = this.texts.get(shape);
    if (sql === undefined) {
      sql = build();
      this.texts.set(shape, sql);
    }
    return sql;
  }

  private keysOf(values: Partial<T>): Array<keyof T> {
    return (Object.keys(values) as Array<keyof T>).filter((key) => values[key] !== undefined);
  }

  private column(key: keyof T): ColumnMetadata {
    // Asked for every value of every statement: a map, not TypeORM's scan of all columns each time.
    let column = this.columns.get(key);
    if (column === undefined) {
      column = this.metadata.findColumnWithPropertyName(String(key));
      if (!column) throw new Error(`${this.metadata.name} has no column for ${String(key)}`);
      this.columns.set(key, column);
    }
    return column;
  }

  private escaped(key: keyof T): string {
    return this.dataSource.driver.escape(this.column(key).databaseName);
  }

  private param(index: number): string {
    return this.dataSource.driver.createParameter(`p${index}`, index);
  }

  private params(count: number, from: number): string {
    return Array.from({ length: count }, (_, i) => this.param(from + i)).join(', ');
  }

  private persisted(values: Partial<T>, keys: Array<keyof T>): unknown[] {
    return keys.map((key) => this.dataSource.driver.preparePersistentValue(values[key], this.column(key)));
  }

  private hydrate(raw: ObjectLiteral): T {
    const row = this.metadata.create() as T;
    for (const column of this.metadata.columns) {
      if (!(column.databaseName in raw)) continue;
      (row as ObjectLiteral)[column.propertyName] = this.dataSource.driver.prepareHydratedValue(
        raw[column.databaseName],
        column,
      );
    }
    return row;
  }
}
