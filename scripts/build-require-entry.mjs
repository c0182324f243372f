// Runs after `tsc -p tsconfig.build.json` (npm run build). Gives require() callers their own entry
// points beside the ESM build, so a CommonJS host (Nest 11's usual app, a `module: commonjs` or
// `node16` tsconfig, Jest in CommonJS mode) resolves every subpath with types:
// - dist/cjs/package.json marks the folder CommonJS;
// - every declaration file of dist/src and dist/migrations is copied under dist/cjs, where TypeScript
//   reads it as the declarations of a CommonJS module (the same text: only the scope differs);
// - each entry point's `require.default` is a one-line module that require()s the ESM build (Node
//   ≥ 20.19 loads ES modules from require()). There is one module graph at run time: the ESM
//   namespace is what require() returns, so no class, entity or injection token exists twice.
// The entry points are read from package.json `exports`, so a new subpath needs only its entry there.
import { copyFile, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, posix, relative } from 'node:path';

const root = join(dirname(new URL(import.meta.url).pathname), '..');
const CJS_DIR = 'dist/cjs';
const ESM_DIRS = ['dist/src', 'dist/migrations'];

async function declarationFiles(dir) {
  const entries = await readdir(join(root, dir), { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.d.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

async function copyDeclarations() {
  let count = 0;
  for (const dir of ESM_DIRS) {
    for (const file of await declarationFiles(dir)) {
      const target = join(root, CJS_DIR, relative('dist', file));
      await mkdir(dirname(target), { recursive: true });
      await copyFile(join(root, file), target);
      count += 1;
    }
  }
  return count;
}

function requireEntries(pkg) {
  return Object.entries(pkg.exports)
    .filter(([, target]) => typeof target === 'object')
    .map(([subpath, target]) => ({ subpath, esm: target.import.default, cjs: target.require.default }));
}

async function writeEntry({ subpath, esm, cjs }) {
  if (!cjs.startsWith(`./${CJS_DIR}/`)) throw new Error(`exports["${subpath}"].require must live in ${CJS_DIR}`);
  const relativePath = posix.relative(posix.dirname(cjs), esm);
  const specifier = relativePath.startsWith('.') ? relativePath : `./${relativePath}`;
  const text = [
    "'use strict';",
    `// ${subpath}: the ESM build, loaded by require() (Node >= 20.19).`,
    `module.exports = require('${specifier}');`,
    '',
  ].join('\n');
  await mkdir(dirname(join(root, cjs)), { recursive: true });
  await writeFile(join(root, cjs), text);
}

const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
await mkdir(join(root, CJS_DIR), { recursive: true });
await writeFile(join(root, CJS_DIR, 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);
const declarations = await copyDeclarations();
const entries = requireEntries(pkg);
for (const entry of entries) await writeEntry(entry);
// On stderr: `npm pack --json` runs the build as prepack, and its stdout must stay JSON.
console.error(`[build] ${CJS_DIR}: ${declarations} declaration files, ${entries.length} require() entry points`);
