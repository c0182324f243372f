import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This package's version, from the nearest package.json named nestjs-nomos-portal above this file. */
export function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 6; up += 1) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'nestjs-nomos-portal' && pkg.version) return pkg.version;
    } catch {
      // No package.json here (or dist/cjs's marker without a name): keep going up.
    }
    dir = dirname(dir);
  }
  return 'unknown';
}
