import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ROOT, moduleEntries, packageJson } from './tarball-files.js';

// A host compiles every declaration its imports reach, with skipLibCheck: false too. What the public
// declarations may import from outside the package, and why each is safe in any host:
const ALLOWED = new Map([
  ['@nestjs/common', 'a peer dependency; only names Nest 11 and 12 both export'],
  ['typeorm', 'a peer dependency; only names TypeORM 0.3 and 1 both export'],
  ['express', 'its types are a dependency (@types/express)'],
  ['express-session', 'its types are a dependency (@types/express-session)'],
  ['@nestjs/throttler', 'a dependency that ships its own types'],
  ['@opentelemetry/api', 'a peer dependency (issue 12: the only OTel package) that ships its own types'],
]);
// Kept out on purpose: @node-saml/* (their declarations fail on @types/express 5) and samlify (its
// declarations need @types/node-rsa), so hosts never compile them.

// Names @nestjs/common 12 added that a declaration once named (TS2694 in a Nest 11 host).
const NEST_12_ONLY = ['ParameterDecoratorOptions'];

const withoutComments = (code: string) => code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
const specifiers = (code: string) => [...code.matchAll(/(?:from|import\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);

/** The declaration files reachable from `entry` through relative imports, with their code. */
function reachable(entry: string): Map<string, string> {
  const files = new Map<string, string>();
  const pending = [resolve(ROOT, entry)];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (files.has(file) || !existsSync(file)) continue;
    const code = withoutComments(readFileSync(file, 'utf8'));
    files.set(file, code);
    for (const specifier of specifiers(code).filter((s) => s.startsWith('.'))) {
      pending.push(join(dirname(file), specifier.replace(/\.js$/, '.d.ts')));
    }
  }
  return files;
}

const entries = moduleEntries(packageJson()).map((entry) => [entry.subpath, entry.import.types]);

describe.each(entries)('the public declarations of %s', (_subpath, types) => {
  const files = [...reachable(types)].map(([file, code]) => ({ file: file.slice(ROOT.length + 1), code }));

  it('import only Node built-ins and the packages every host has types for', () => {
    expect(files.length).toBeGreaterThan(0);
    const unexpected = files.flatMap(({ file, code }) =>
      specifiers(code)
        .filter((s) => !s.startsWith('.') && !s.startsWith('node:') && !ALLOWED.has(s))
        .map((s) => `${s} (from ${file})`),
    );
    expect(unexpected).toEqual([]);
  });

  it('never name a type @nestjs/common 11 lacks', () => {
    const named = files.flatMap(({ file, code }) =>
      NEST_12_ONLY.filter((name) => code.includes(name)).map((name) => `${name} in ${file}`),
    );
    expect(named).toEqual([]);
  });
});
