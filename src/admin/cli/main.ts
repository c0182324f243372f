#!/usr/bin/env node
// The `nomos-portal` bin (package.json "bin"): runs the CLI and leaves with its exit code once
// everything it wrote has drained (process.exitCode, never process.exit, so piped output is whole).
import { runCli } from './program.js';

process.exitCode = await runCli(process.argv);
