// The host apps of the matrix (test/hosts/<name>/) and how one is checked: copied out of the repo,
// installed from the packed tarball, compiled, then its own node:test e2e file run (tests `boot`
// and `flow`). Each step's output goes to <work>/<name>.log.
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { hostEnv, run, tail } from './exec.mjs';
import { keepPrebuild, prebuildsEnv } from './prebuilds.mjs';

/** Every host, in the order they run. `db` is what its e2e test runs on. */
export const HOSTS = [
  { name: 'nest12-esm', title: 'Nest 12 ESM, TypeORM 1', db: 'postgres', quickStart: true },
  { name: 'nest11-esm', title: 'Nest 11 ESM, TypeORM 1', db: 'sqlite' },
  { name: 'nest11-cjs', title: 'Nest 11 CommonJS (node10 resolution)', db: 'sqlite' },
  { name: 'typeorm03', title: 'Nest 11 CommonJS, TypeORM 0.3', db: 'sqlite' },
];

/** The compiled e2e file each host's tsconfig emits (rootDir `.`, outDir `dist`). */
const E2E_FILE = join('dist', 'test', 'portal.e2e.js');

/** What the TAP output says of top-level test `name`: 'ok', 'FAIL' or '—' (not run / absent). */
function tapResult(output, name) {
  const match = output.match(new RegExp(`^(not )?ok \\d+ - ${name}(?: # (SKIP|TODO).*)?$`, 'm'));
  if (!match) return '—';
  if (match[2]) return 'skipped';
  return match[1] ? 'FAIL' : 'ok';
}

/**
 * Checks one host; resolves its table row `{ host, install, compile, boot, flow, failures }`.
 * @param {{ name: string, db: string }} host
 * @param {{ repoDir: string, workDir: string, tarball: string, prebuilds: string, npmCache?: string,
 *   pgUrl?: string }} context
 */
export async function checkHost(host, context) {
  const row = { host: host.name, install: '—', compile: '—', boot: '—', flow: '—', failures: [] };
  const dir = join(context.workDir, host.name);
  const log = join(context.workDir, `${host.name}.log`);
  cpSync(join(context.repoDir, 'test', 'hosts', host.name), dir, {
    recursive: true,
    filter: (path) => !/[\\/](node_modules|dist)$/.test(path),
  });
  const fail = (step, result) =>
    row.failures.push(`${host.name} ${step} failed (log: ${log}):\n${tail(result.output)}`);

  const cache = context.npmCache ? ['--cache', context.npmCache] : [];
  const install = await run(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', ...cache, context.tarball],
    { cwd: dir, env: hostEnv(prebuildsEnv(context.prebuilds)), log, timeoutSec: 900 },
  );
  if (install.ok) keepPrebuild(dir, context.prebuilds);
  row.install = install.ok ? install.seconds.toFixed(0) : 'FAIL';
  if (!install.ok) return (fail('npm install', install), row);

  const tsc = join('node_modules', 'typescript', 'bin', 'tsc');
  const compile = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: dir, log, timeoutSec: 300 });
  row.compile = compile.ok ? 'ok' : 'FAIL';
  if (!compile.ok) fail('tsc', compile);
  // tsc emits despite type errors: running what it emitted still tells whether the host boots.
  if (!existsSync(join(dir, E2E_FILE))) {
    row.failures.push(`${host.name}: tsc emitted no ${E2E_FILE}`);
    return row;
  }

  const env = hostEnv({ NOMOS_HOSTS_DB: host.db, ...(context.pgUrl ? { NOMOS_HOSTS_PG_URL: context.pgUrl } : {}) });
  const e2e = await run(process.execPath, ['--test', '--test-reporter=tap', E2E_FILE], {
    cwd: dir,
    env,
    log,
    timeoutSec: 300,
  });
  row.boot = tapResult(e2e.output, 'boot');
  row.flow = tapResult(e2e.output, 'flow');
  if (!e2e.ok) fail('e2e test', e2e);
  return row;
}
