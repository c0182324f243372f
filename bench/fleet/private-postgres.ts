// A throwaway PostgreSQL cluster of the harness's own (initdb in a temp dir, a free loopback port), so
// the fleet run can restart its database mid-run without touching the machine's shared server.
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './free-port.js';

const run = promisify(execFile);

/** Where Debian puts the PostgreSQL 15 server binaries. @default env NOMOS_FLEET_PG_BIN overrides */
export const PG_BIN = process.env.NOMOS_FLEET_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** Why a private cluster cannot be started here, or `undefined` when it can. */
export function privatePostgresUnavailable(): string | undefined {
  for (const tool of ['initdb', 'pg_ctl', 'postgres']) {
    try {
      accessSync(join(PG_BIN, tool), constants.X_OK);
    } catch {
      return `no PostgreSQL server binaries (${join(PG_BIN, tool)} missing; set NOMOS_FLEET_PG_BIN)`;
    }
  }
  // initdb refuses to run as root: the cluster then belongs to the `postgres` OS user.
  if (process.getuid?.() === 0) {
    try {
      accessSync('/usr/sbin/runuser', constants.X_OK);
    } catch {
      return 'running as root without runuser to start PostgreSQL as the postgres user';
    }
  }
  return undefined;
}

/** A running private cluster: one database `fleet`, trust auth on loopback. */
export interface PrivatePostgres {
  /** `postgres://postgres@127.0.0.1:<port>/fleet` */
  url: string;
  port: number;
  /** `pg_ctl restart -m fast`: every open connection is cut, as in a failover. */
  restart(): Promise<void>;
  /** Stops the cluster and deletes its directory. Idempotent. */
  stop(): Promise<void>;
}

/** initdb + start on a free port; the caller must call `stop()`. */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'nomos-fleet-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await run('chown', ['-R', 'postgres:postgres', dir]);
  const data = join(dir, 'data');
  const port = await freePort();
  const pgTool = (tool: string, args: string[]) =>
    asRoot
      ? run('/usr/sbin/runuser', ['-u', 'postgres', '--', join(PG_BIN, tool), ...args])
      : run(join(PG_BIN, tool), args);
  await pgTool('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  // Durability is not what is measured here: fsync off keeps the 2-core machine's disk out of the figures.
  const serverOptions = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=200`;
  const ctl = (...args: string[]) => pgTool('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', ...args]);
  await ctl('-o', serverOptions, 'start');
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query('CREATE DATABASE fleet');
  await admin.end();
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/fleet`,
    port,
    restart: async () => {
      await ctl('-o', serverOptions, '-m', 'fast', 'restart');
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await ctl('-m', 'immediate', 'stop').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
