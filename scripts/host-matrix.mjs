#!/usr/bin/env node
// `npm run test:hosts`: the host matrix. Builds and packs this package, then for each fresh host app
// under test/hosts/ (one at a time): copies it to a temporary directory, installs its dependencies
// and the tarball with npm (through the npm cache, so a re-run is fast), compiles it with
// skipLibCheck off, and runs its node:test e2e file: `boot` (the host's AppModule starts) and
// `flow` (SAML sign-in → GET /portal → 302 to a link the emulator minted → an `issued` audit row),
// written only against `nestjs-nomos-portal` and `nestjs-nomos-portal/testing`. Prints one table.
// Usage: node scripts/host-matrix.mjs [host names...] [--keep]
//   NOMOS_HOSTS_NPM_CACHE  npm cache directory (default: npm's own, ~/.npm)
//   NOMOS_HOSTS_PG_URL     PostgreSQL for the host that runs on it (default postgres://postgres@127.0.0.1:5432/test)
//   NOMOS_HOSTS_TARBALL    an already packed tarball to install instead of building and packing this tree
// Without the npm registry (offline) the run is SKIPPED and exits 0, except with CI=true.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostEnv, run, tail } from './host-matrix/exec.mjs';
import { checkHost, HOSTS } from './host-matrix/hosts.mjs';
import { keepPrebuild, prebuildsDir } from './host-matrix/prebuilds.mjs';
import { compareQuickStart } from './host-matrix/quick-start.mjs';
import { postgresAnswers, printTable } from './host-matrix/report.mjs';
import { countWiringLines } from './host-matrix/wiring-lines.mjs';

/** The most wiring lines the Nest 12 host (the README's quick start) may take (issue 10). */
const WIRING_LIMIT = 15;

const repoDir = join(import.meta.dirname, '..');
const onCi = process.env.CI === 'true' || process.env.CI === '1';
const args = process.argv.slice(2);
const keep = args.includes('--keep');
const wanted = args.filter((arg) => !arg.startsWith('--'));
const unknown = wanted.filter((name) => !HOSTS.some((host) => host.name === name));
if (unknown.length > 0) {
  console.error(`[hosts] unknown host(s): ${unknown.join(', ')}; hosts: ${HOSTS.map((h) => h.name).join(', ')}`);
  process.exit(2);
}
const hosts = HOSTS.filter((host) => wanted.length === 0 || wanted.includes(host.name));
const started = performance.now();
const workDir = mkdtempSync(join(tmpdir(), 'nomos-hosts-'));
const log = join(workDir, 'pack.log');
const npmCache = process.env.NOMOS_HOSTS_NPM_CACHE || undefined;
const cache = npmCache ? ['--cache', npmCache] : [];
const failures = [];

const ping = await run('npm', ['ping', ...cache], { cwd: workDir, log, timeoutSec: 30 });
if (!ping.ok) {
  const verdict = onCi ? 'FAILED (CI=true)' : 'SKIPPED';
  console.log(`[hosts] ${verdict}: the npm registry does not answer (npm ping failed), so no host can install.`);
  console.log(tail(ping.output, 5));
  rmSync(workDir, { recursive: true, force: true });
  process.exit(onCi ? 1 : 0);
}

const pgUrl = process.env.NOMOS_HOSTS_PG_URL || 'postgres://postgres@127.0.0.1:5432/test';
const pgUp = await postgresAnswers(pgUrl);

async function buildAndPack() {
  if (process.env.NOMOS_HOSTS_TARBALL) return process.env.NOMOS_HOSTS_TARBALL;
  const build = await run('npm', ['run', 'build'], { cwd: repoDir, env: hostEnv(), log, timeoutSec: 600 });
  const pack = build.ok
    ? await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', workDir], {
        cwd: repoDir,
        log,
        timeoutSec: 120,
      })
    : build;
  if (!pack.ok) {
    console.error(`[hosts] npm run build / npm pack failed (log: ${log}):\n${tail(pack.output)}`);
    process.exit(1);
  }
  return join(workDir, JSON.parse(pack.stdout)[0].filename);
}
const tarball = await buildAndPack();
const packSeconds = (performance.now() - started) / 1000;
console.log(`[hosts] packed ${tarball} in ${packSeconds.toFixed(0)} s; hosts: ${hosts.map((h) => h.name).join(', ')}`);

const prebuilds = prebuildsDir(npmCache);
const seeded = keepPrebuild(repoDir, prebuilds);
if (seeded) console.log(`[hosts] better-sqlite3 local prebuild made from this repository's binary: ${seeded}`);

const rows = [];
for (const host of hosts) {
  const hostDir = join(repoDir, 'test', 'hosts', host.name);
  const files = ['app.module.ts', 'main.ts'].map((file) => join(hostDir, 'src', file));
  const wiring = countWiringLines(files);
  if (host.db === 'postgres' && !pgUp) {
    const reason = `no PostgreSQL answered at ${pgUrl.replace(/\/\/[^@]*@/, '//')}; set NOMOS_HOSTS_PG_URL`;
    rows.push({ host: host.name, install: '—', compile: '—', boot: 'SKIPPED', flow: 'SKIPPED', wiring: wiring.count });
    (onCi ? failures : []).push(`${host.name}: ${reason}`);
    console.log(`[hosts] ${host.name}: SKIPPED (${reason})`);
    continue;
  }
  console.log(`[hosts] ${host.name} (${host.title}) …`);
  const row = await checkHost(host, { repoDir, workDir, tarball, prebuilds, npmCache, pgUrl });
  row.wiring = wiring.count;
  if (row.boot !== 'ok' || row.flow !== 'ok') {
    if (row.failures.length === 0) row.failures.push(`${host.name}: boot ${row.boot}, flow ${row.flow}`);
  }
  if (host.quickStart) {
    console.log(`[hosts] ${host.name} wiring lines (${wiring.count}, at most ${WIRING_LIMIT}):`);
    for (const line of wiring.lines)
      console.log(`    ${line.file.slice(repoDir.length + 1)}:${line.line}  ${line.text}`);
    if (wiring.count > WIRING_LIMIT)
      row.failures.push(`${host.name}: ${wiring.count} wiring lines, over ${WIRING_LIMIT}`);
    const quickStart = compareQuickStart(join(repoDir, 'README.md'), files[0]);
    if (!quickStart.ok) row.failures.push(quickStart.reason);
  }
  failures.push(...row.failures);
  rows.push(row);
}

const totalSeconds = (performance.now() - started) / 1000;
printTable(rows);
const cacheName = npmCache ?? "npm's default";
console.log(
  `[hosts] total ${totalSeconds.toFixed(0)} s (build + pack ${packSeconds.toFixed(0)} s); npm cache: ${cacheName}`,
);
for (const failure of failures) console.error(`[hosts] ${failure}`);
if (keep || failures.length > 0) console.log(`[hosts] work directory kept: ${workDir}`);
else rmSync(workDir, { recursive: true, force: true });
console.log(`[hosts] ${failures.length === 0 ? 'passed' : `FAILED (${failures.length})`}`);
process.exit(failures.length === 0 ? 0 : 1);
