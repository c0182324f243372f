#!/usr/bin/env node
// Part of `npm start`: the test IdP and the Nomos emulator read their committed development keys
// next to their compiled code, so the build copies them beside it in dist-example/.
import { cpSync } from 'node:fs';

for (const dir of ['saml-keys', 'tls']) {
  cpSync(`test/support/${dir}`, `dist-example/test/support/${dir}`, { recursive: true, filter: (path) => !path.endsWith('.sh') });
}
