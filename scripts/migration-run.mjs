#!/usr/bin/env node
// `npm run migration:run`: applies the package's migrations to the database named by
// NOMOS_DATABASE_URL or DATABASE_URL (postgres://… or sqlite:<file>), defaulting to the embedded SQLite file.
// Host apps usually add `nomosPortalMigrations` to their own DataSource instead.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { nomosPortalMigrations } from '../dist/migrations/index.js';

const url = process.env.NOMOS_DATABASE_URL ?? process.env.DATABASE_URL ?? 'sqlite:data/nomos-portal.sqlite';

function dataSourceOptions(value) {
  if (/^postgres(ql)?:\/\//.test(value)) return { type: 'postgres', url: value };
  if (value.startsWith('sqlite:')) {
    const file = resolve(value.slice('sqlite:'.length));
    mkdirSync(dirname(file), { recursive: true });
    return { type: 'better-sqlite3', database: file };
  }
  throw new Error('NOMOS_DATABASE_URL must start with postgres:// or sqlite: (e.g. sqlite:data/nomos-portal.sqlite)');
}

let dataSource;
try {
  dataSource = new DataSource({ ...dataSourceOptions(url), migrations: nomosPortalMigrations, logging: ['error'] });
  await dataSource.initialize();
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  console.log(
    applied.length
      ? `Applied: ${applied.map((m) => m.name).join(', ')}`
      : 'Nothing to apply: the schema is up to date.',
  );
} catch (error) {
  console.error(`Migration failed: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  if (dataSource?.isInitialized) await dataSource.destroy();
}
