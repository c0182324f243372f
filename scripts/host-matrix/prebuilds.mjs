// better-sqlite3 installs a prebuilt binary downloaded from GitHub, or compiles SQLite for minutes
// when it cannot download (no GitHub access, as on this project's machines). Every SQLite host
// needs the same binary, so the matrix hands prebuild-install a local prebuild (its documented
// `local-prebuilds` setting) made from a binary already built for this Node: this repository's own
// node_modules copy, or the first host's. A host installs exactly what a download would give it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const PACKAGE = 'better-sqlite3';
const BINARY = join('build', 'Release', 'better_sqlite3.node');

/** The directory of local prebuilds (kept between runs, beside npm's cache by default). */
export function prebuildsDir(npmCache) {
  return join(npmCache ?? join(homedir(), '.npm'), '_nomos-hosts-prebuilds');
}

/** prebuild-install's file name for `version` on this Node, platform and architecture (glibc). */
const fileName = (version) =>
  `${PACKAGE}-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;

/** The environment variable that points prebuild-install at `dir` for better-sqlite3. */
export const prebuildsEnv = (dir) => ({ npm_config_better_sqlite3_local_prebuilds: dir });

/**
 * Packs `node_modules/better-sqlite3` of `projectDir` into `dir` as a local prebuild when it holds
 * a built binary and no prebuild of its version is there yet. Returns what it did, for the log.
 */
export function keepPrebuild(projectDir, dir) {
  const packageDir = join(projectDir, 'node_modules', PACKAGE);
  if (!existsSync(join(packageDir, BINARY))) return undefined;
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const file = join(dir, fileName(version));
  if (existsSync(file)) return undefined;
  mkdirSync(dir, { recursive: true });
  execFileSync('tar', ['-czf', file, '-C', packageDir, BINARY]);
  return file;
}
