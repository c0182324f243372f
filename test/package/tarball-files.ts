import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** The repository root (the tests run from it). */
export const ROOT = process.cwd();

/** Where the testing kit's development keys and certificate may ship, and nowhere else. */
export const KIT_ASSETS = 'dist/src/testing/assets/';

/** One `exports` entry with both conditions, as package.json writes it. */
export interface ExportEntry {
  subpath: string;
  import: { types: string; default: string };
  require: { types: string; default: string };
}

/** The fields of package.json this suite checks. */
export interface PackageJson {
  main: string;
  types: string;
  typesVersions: Record<string, Record<string, string[]>>;
  exports: Record<string, ExportEntry | string>;
}

/** package.json as committed. */
export function packageJson(): PackageJson {
  return JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageJson;
}

/** The entries of `exports` that are modules (not `./package.json`). */
export function moduleEntries(pkg: PackageJson): ExportEntry[] {
  return Object.entries(pkg.exports)
    .filter((entry): entry is [string, ExportEntry] => typeof entry[1] === 'object')
    .map(([subpath, target]) => ({ ...target, subpath }));
}

/**
 * The paths `npm pack` would put in the tarball, sorted. Needs `npm run build` first (CI builds before
 * testing): without dist/ the list would be checked against nothing and pass for the wrong reason.
 */
export async function packedFiles(): Promise<string[]> {
  if (!existsSync(join(ROOT, 'dist/src/index.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  const [report] = JSON.parse(stdout) as { files: { path: string }[] }[];
  return report.files.map((file) => file.path).sort();
}

/** A relative path from package.json (`./dist/x.js`) as the tarball lists it (`dist/x.js`). */
export function packed(path: string): string {
  return path.replace(/^\.\//, '');
}

/** Why a packed path should not ship, or undefined when it may. */
export function unwantedReason(path: string): string | undefined {
  const allowedRoots = ['dist/src/', 'dist/migrations/', 'dist/cjs/'];
  const topLevel = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'];
  if (!topLevel.includes(path) && !allowedRoots.some((root) => path.startsWith(root))) return 'outside dist/';
  if (/\.(e2e-)?spec(-helper)?\.|\.spec\./.test(path)) return 'a test';
  if (/(^|\/)(test|tests|example|bench|__tests__|fixtures)\//.test(path)) return 'test, example or bench code';
  if (/\.(ts|mts|cts)$/.test(path) && !/\.d\.(ts|mts|cts)$/.test(path)) return 'TypeScript source';
  if (/\.(pem|key|crt|p12|pfx)$|(^|\/)\.env/.test(path) && !path.startsWith(KIT_ASSETS)) return 'a key';
  return undefined;
}
