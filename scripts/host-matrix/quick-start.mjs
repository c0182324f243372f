// The README's Quick start is the Nest 12 host's app.module.ts: this check compares the two, so the
// snippet a newcomer copies is code that the host matrix installs, compiles, boots and signs in with.
import { readFileSync } from 'node:fs';

/** The first ```ts block under the README's `## Quick start` heading, or undefined. */
export function quickStartBlock(readme) {
  const section = readme.split(/^## /m).find((part) => part.startsWith('Quick start\n'));
  return section?.match(/^```ts\n([\s\S]*?)^```$/m)?.[1];
}

const lines = (text) =>
  text
    .replace(/\s+$/, '')
    .split('\n')
    .map((line) => line.trimEnd());

/**
 * `{ ok: true }` when the README's quick-start block and `moduleFile` hold the same lines (trailing
 * spaces and final newlines aside), else `{ ok: false, reason }` naming the first line that differs.
 */
export function compareQuickStart(readmeFile, moduleFile) {
  const block = quickStartBlock(readFileSync(readmeFile, 'utf8'));
  if (block === undefined) return { ok: false, reason: `no \`\`\`ts block under "## Quick start" in ${readmeFile}` };
  const readme = lines(block);
  const host = lines(readFileSync(moduleFile, 'utf8'));
  for (let index = 0; index < Math.max(readme.length, host.length); index += 1) {
    if (readme[index] !== host[index]) {
      return {
        ok: false,
        reason:
          `README quick start differs from ${moduleFile} at line ${index + 1}:\n` +
          `    README: ${readme[index] ?? '(ends)'}\n    host:   ${host[index] ?? '(ends)'}`,
      };
    }
  }
  return { ok: true };
}
