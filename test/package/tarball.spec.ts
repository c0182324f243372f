import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { KIT_ASSETS, ROOT, moduleEntries, packageJson, packed, packedFiles, unwantedReason } from './tarball-files.js';

// What `npm pack` ships is what every host installs: the build, the licence, the changelog and the
// testing kit with its own development keys; never tests, the example, the bench or other keys.
let files: string[];

// Run in a plain CommonJS node process (Jest's own module system would stand in for require()).
const SAME_MODULE_CHECK = `
const { resolve } = require('node:path');
const { pathToFileURL } = require('node:url');
(async () => {
  const results = [];
  for (const [subpath, cjs, esm] of JSON.parse(process.argv[1])) {
    const required = require(resolve(cjs));
    const imported = await import(pathToFileURL(resolve(esm)).href);
    results.push({ subpath, same: required === imported, hasExports: Object.keys(required).length > 0 });
  }
  process.stdout.write(JSON.stringify(results));
})();
`;

beforeAll(async () => {
  files = await packedFiles();
}, 120_000);

describe('the packed tarball', () => {
  it('holds the licence, the changelog, the README and package.json', () => {
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'CHANGELOG.md', 'README.md', 'package.json']));
  });

  it('holds the ESM build of the module and the migrations, and the require() entry points', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/src/index.js',
        'dist/src/index.d.ts',
        'dist/migrations/index.js',
        'dist/migrations/index.d.ts',
        'dist/cjs/package.json',
        'dist/cjs/src/index.js',
        'dist/cjs/src/index.d.ts',
        'dist/cjs/migrations/index.d.ts',
      ]),
    );
  });

  it('holds the testing kit and its development keys and certificate', () => {
    expect(files).toEqual(expect.arrayContaining(['dist/src/testing/index.js', 'dist/src/testing/index.d.ts']));
    expect(files.filter((path) => path.startsWith(KIT_ASSETS) && path.endsWith('.pem')).length).toBeGreaterThan(0);
  });

  it('holds no test, example, bench, TypeScript source or key outside the testing kit', () => {
    const unwanted = files.flatMap((path) => {
      const reason = unwantedReason(path);
      return reason === undefined ? [] : [`${path}: ${reason}`];
    });
    expect(unwanted).toEqual([]);
  });

  it('ships every source map with its sources, since src/ is not shipped', () => {
    const maps = files.filter((path) => path.endsWith('.js.map'));
    const withoutSources = maps.filter((path) => {
      const map = JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as {
        sources: string[];
        sourcesContent?: string[];
      };
      return map.sourcesContent?.length !== map.sources.length;
    });
    expect(maps.length).toBeGreaterThan(0);
    expect(withoutSources).toEqual([]);
  });
});

describe('the entry points of package.json', () => {
  const pkg = packageJson();

  it('give each subpath an import and a require condition, each with types, all in the tarball', () => {
    const missing = moduleEntries(pkg).flatMap((entry) =>
      [entry.import.types, entry.import.default, entry.require.types, entry.require.default]
        .filter((path) => path === undefined || !files.includes(packed(path)))
        .map((path) => `${entry.subpath}: ${path}`),
    );
    expect(moduleEntries(pkg).map((entry) => entry.subpath)).toEqual(['.', './migrations', './testing']);
    expect(missing).toEqual([]);
  });

  it('point main, types and typesVersions (node10 resolution) at the require() entry points', () => {
    const entries = moduleEntries(pkg);
    const root = entries.find((entry) => entry.subpath === '.');
    expect({ main: pkg.main, types: pkg.types }).toEqual({ main: root?.require.default, types: root?.require.types });
    const subpaths = Object.fromEntries(
      entries.filter((entry) => entry.subpath !== '.').map((entry) => [entry.subpath.slice(2), [entry.require.types]]),
    );
    expect(pkg.typesVersions).toEqual({ '*': subpaths });
  });

  it('load from require() as the very module import() loads (one module graph, no second copy)', async () => {
    const pairs = moduleEntries(pkg).map((entry) => [entry.subpath, entry.require.default, entry.import.default]);
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', SAME_MODULE_CHECK, JSON.stringify(pairs)], {
      cwd: ROOT,
    });
    expect(JSON.parse(stdout)).toEqual(pairs.map(([subpath]) => ({ subpath, same: true, hasExports: true })));
  }, 60_000);
});
