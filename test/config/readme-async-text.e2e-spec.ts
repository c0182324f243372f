import { readFileSync } from 'node:fs';

// README.md's "Async configuration" code block must be readme-async-example.ts as it is (booted by
// readme-async.e2e-spec.ts), with the package's name where the file imports it from src/.
const root = new URL('../../', import.meta.url);
const IMPORTS: Array<[inRepo: string, inReadme: string]> = [["'../../src/index.js'", "'nestjs-nomos-portal'"]];

function readmeBlock(): string {
  const readme = readFileSync(new URL('README.md', root), 'utf8');
  const section = readme.split(/^## /m).find((part) => part.startsWith('Async configuration\n'));
  const block = section?.match(/```ts\n([\s\S]*?)```/)?.[1];
  if (block === undefined) throw new Error('README.md has no ts block under "## Async configuration"');
  return block;
}

describe('README.md, Async configuration', () => {
  it('shows the example that the tests boot, as it is', () => {
    const example = readFileSync(new URL('test/config/readme-async-example.ts', root), 'utf8');
    const asInReadme = IMPORTS.reduce((text, [inRepo, inReadme]) => text.replaceAll(inRepo, inReadme), example);
    expect(readmeBlock()).toBe(asInReadme);
  });
});
