import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Compiles src/ and migrations/ (without specs) and the given test files to plain ES modules under
 * `outDir` (inside the repository, so packages resolve from its node_modules), with the testing
 * kit's assets beside the kit, as `npm run build` lays them out. Per-file transpilation, as ts-jest
 * does (the project is `isolatedModules`), is a few seconds where a type-checked build takes half a minute.
 * @returns the compiled path of each of `extraFiles`
 */
export function transpileForNode(outDir: string, extraFiles: string[]): string[] {
  rmSync(outDir, { recursive: true, force: true });
  const sources = ['src', 'migrations']
    .flatMap((dir) => readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)))
    .filter((file) => file.endsWith('.ts') && !/\.spec(-helper)?\.ts$/.test(file));
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.ES2022,
    target: ts.ScriptTarget.ES2022,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    useDefineForClassFields: false,
    esModuleInterop: true,
  };
  const outputs = [...sources, ...extraFiles].map((file) => {
    const { outputText } = ts.transpileModule(readFileSync(join(ROOT, file), 'utf8'), {
      compilerOptions: options,
      fileName: file,
    });
    const target = join(outDir, file.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
    return target;
  });
  cpSync(join(ROOT, 'src/testing/assets'), join(outDir, 'src/testing/assets'), { recursive: true });
  return outputs.slice(sources.length).map((file) => relative(ROOT, file));
}
