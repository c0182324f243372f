import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** What kind of thing an exported name is, as the committed lists spell it. */
export type ExportKind = 'class' | 'function' | 'const' | 'let' | 'enum' | 'interface' | 'type' | 'namespace';

/**
 * Every name an entry point exports, type-only exports included, as `<kind> <name>` lines sorted by
 * name. Read by the compiler (not by importing the module), so `export type` names count too and a
 * re-export is listed as what it finally refers to.
 * @param entry path from the repository root, e.g. `src/index.ts`
 */
export function exportList(entry: string): string[] {
  const known = lists.get(entry);
  if (known) return known;
  const list = readExports(entry);
  lists.set(entry, list);
  return list;
}

// A program takes seconds to build: each entry point is read once per test file.
const lists = new Map<string, string[]>();

function readExports(entry: string): string[] {
  const file = `${root}${entry}`;
  const program = ts.createProgram([file], compilerOptions());
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const module = source && checker.getSymbolAtLocation(source);
  if (!module) throw new Error(`${entry} is not a module the compiler can read`);
  return checker
    .getExportsOfModule(module)
    .map((symbol) => `${kindOf(resolveAlias(checker, symbol))} ${symbol.name}`)
    .sort(byName);
}

/** The lines of a committed list file: `#` comments and blank lines left out, sorted by name. */
export function committedList(listFile: string): string[] {
  return readFileSync(`${root}${listFile}`, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .sort(byName);
}

function compilerOptions(): ts.CompilerOptions {
  const { config } = ts.readConfigFile(`${root}tsconfig.json`, (path) => ts.sys.readFile(path));
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root);
  // Only the export list is wanted: no output, and no library checks to slow it down.
  return { ...options, noEmit: true, skipLibCheck: true, incremental: false };
}

function resolveAlias(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

// A name may be both a value and a type (a class is both): the value side decides its kind.
function kindOf(symbol: ts.Symbol): ExportKind {
  const flags = symbol.flags;
  if (flags & ts.SymbolFlags.Class) return 'class';
  if (flags & ts.SymbolFlags.Function) return 'function';
  if (flags & ts.SymbolFlags.Enum) return 'enum';
  if (flags & ts.SymbolFlags.Variable) return isConst(symbol) ? 'const' : 'let';
  if (flags & ts.SymbolFlags.Interface) return 'interface';
  if (flags & ts.SymbolFlags.TypeAlias) return 'type';
  if (flags & ts.SymbolFlags.Module) return 'namespace';
  throw new Error(`export ${symbol.name} is of a kind the list does not know (flags ${flags})`);
}

// Combined flags reach the declaration list, so a destructured `export const { a } = …` counts too.
function isConst(symbol: ts.Symbol): boolean {
  const declaration = symbol.valueDeclaration;
  return declaration !== undefined && (ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) !== 0;
}

// Sorted by name (the second word), so a line keeps its place when only its kind changes.
function byName(a: string, b: string): number {
  const name = (line: string) => line.slice(line.indexOf(' ') + 1);
  return name(a).localeCompare(name(b), 'en') || a.localeCompare(b, 'en');
}
