#!/usr/bin/env node
// Copies the testing kit's committed development assets (src/testing/assets/: the test SAML keys, the
// emulator's TLS certificate, their READMEs) beside its compiled code, which finds them relative to
// itself (src/testing/asset-path.ts). `npm run build` copies into dist/ (shipped in the package as
// nestjs-nomos-portal/testing's assets), `npm start` into dist-example/, `npm run bench` into dist-bench/.
// Usage: node scripts/copy-testing-assets.mjs <outDir> (default dist).
import { cpSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const outDir = process.argv[2] ?? 'dist';
cpSync(join(root, 'src/testing/assets'), join(root, outDir, 'src/testing/assets'), {
  recursive: true,
  // The regeneration script stays in the repository: it is of no use from an installed package.
  filter: (path) => !path.endsWith('.sh'),
});
