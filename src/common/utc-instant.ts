import type { ColumnOptions, ValueTransformer } from 'typeorm';

/**
 * A `Date` stored as epoch milliseconds. Neither engine's date type holds an instant through TypeORM
 * for every process: node-postgres writes and reads PostgreSQL `timestamp` in the process's own time
 * zone (so replicas in different `TZ` disagree), TypeORM has no column type that is `timestamptz` on
 * PostgreSQL and valid on SQLite, and a `Date` entity over a `timestamptz` column is dropped and
 * re-added by the schema builder. A `bigint` of milliseconds since the epoch is the same instant
 * everywhere (as the SAML tables already keep their expiries).
 */
export const utcInstantTransformer: ValueTransformer = {
  // FindOperators (MoreThan(date)) are unwrapped by TypeORM before this runs; null stays null.
  to: (value: Date | null | undefined) => (value instanceof Date ? value.getTime() : value),
  // PostgreSQL's driver returns bigint as a string; epoch milliseconds are far below 2^53.
  from: (value: string | number | null) => (value === null || value === undefined ? null : new Date(Number(value))),
};

/** The column options of a UTC instant (spread into `@Column`, with the column's name). */
export const UTC_INSTANT: Pick<ColumnOptions, 'type' | 'transformer'> = Object.freeze({
  type: 'bigint',
  transformer: utcInstantTransformer,
});
