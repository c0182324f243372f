// Module hooks for the emulator's child process: the package's TypeScript sources, transpiled one
// file at a time (the repo compiles with isolatedModules, so no file needs another's types). Jest's
// own transform does the same inside the test process; a child has none.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const OPTIONS = {
  module: ts.ModuleKind.ESNext,
  target: ts.ScriptTarget.ES2022,
  useDefineForClassFields: false,
  experimentalDecorators: true,
  isolatedModules: true,
};

export async function resolve(specifier, context, next) {
  if (specifier.startsWith('.') && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
    const url = new URL(`${specifier.slice(0, -3)}.ts`, context.parentURL);
    if (existsSync(fileURLToPath(url))) return { url: url.href, format: 'module', shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context);
  const fileName = fileURLToPath(url);
  const { outputText } = ts.transpileModule(await readFile(fileName, 'utf8'), { compilerOptions: OPTIONS, fileName });
  return { format: 'module', source: outputText, shortCircuit: true };
}
