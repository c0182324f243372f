#!/usr/bin/env node
// Part of `npm start`: the test IdP and the Nomos emulator read their committed development keys
// next to their compiled code, so the build copies them beside it in dist-example/.
// Also used by `npm run bench` with its own output folder as the argument.
import { cpSync } from 'node:fs';

const outDir = process.argv[2] ?? 'dist-example';
for (const dir of ['saml-keys', 'tls']) {
  cpSync(`test/support/${dir}`, `${outDir}/test/support/${dir}`, {
    recursive: true,
    filter: (path) => !path.endsWith('.sh'),
  });
}
