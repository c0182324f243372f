// Counts a host's wiring lines: the lines of its own code that concern this package. Read with
// the TypeScript compiler, not by text search, so a comment or a string naming the package does
// not count and a call spread over several lines counts every line it takes.
import { readFileSync } from 'node:fs';
import ts from 'typescript';

const PACKAGE = 'nestjs-nomos-portal';

const fromPackage = (specifier) => specifier === PACKAGE || specifier.startsWith(`${PACKAGE}/`);

/**
 * Where a use of an imported name stops growing: at the element of an array (`imports: [...]`),
 * the property of an object (`entities: [...]` keeps only its own line) or a statement. So
 * `NomosPortalModule.forRoot({ … })` counts as all its lines, `...nomosPortalEntities` as one.
 */
const isBoundary = (node) =>
  ts.isArrayLiteralExpression(node) || ts.isObjectLiteralExpression(node) || ts.isBlock(node) || ts.isSourceFile(node);

/** Line numbers (0-based) of `file` that import from the package or use what it imported. */
function wiringLinesOf(file) {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const lines = new Set();
  const addSpan = (node) => {
    const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
    const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
    for (let line = first; line <= last; line += 1) lines.add(line);
  };
  const imported = new Set();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    if (!fromPackage(statement.moduleSpecifier.text)) continue;
    addSpan(statement);
    const bindings = statement.importClause?.namedBindings;
    if (statement.importClause?.name) imported.add(statement.importClause.name.text);
    if (bindings && ts.isNamespaceImport(bindings)) imported.add(bindings.name.text);
    if (bindings && ts.isNamedImports(bindings))
      for (const element of bindings.elements) imported.add(element.name.text);
  }
  const visit = (node) => {
    if (ts.isImportDeclaration(node)) return;
    if (ts.isIdentifier(node) && imported.has(node.text)) {
      let use = node;
      while (use.parent && !isBoundary(use.parent)) use = use.parent;
      addSpan(use);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  // Blank and comment-only lines inside a counted span are not wiring.
  const all = text.split('\n');
  return [...lines].filter((line) => !/^\s*(\/\/.*|\/\*.*\*\/\s*)?$/.test(all[line] ?? '')).sort((a, b) => a - b);
}

/**
 * The wiring lines of a host's files, with each counted line (1-based, `file:line`) so the number
 * can be checked by eye.
 * @param {string[]} files
 */
export function countWiringLines(files) {
  const counted = files.flatMap((file) => {
    const all = readFileSync(file, 'utf8').split('\n');
    return wiringLinesOf(file).map((line) => ({ file, line: line + 1, text: all[line].trim() }));
  });
  return { count: counted.length, lines: counted };
}
