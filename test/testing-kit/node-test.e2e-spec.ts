import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transpileForNode } from './transpile-for-node.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

// The kit's promise "no test-runner dependency": the README's host test, written with node:test,
// passes under plain node, outside Jest and without Jest's ESM flags.
describe('the testing kit under node:test', () => {
  it('runs the host test with plain node --test', () => {
    const outDir = join(ROOT, 'test-artifacts', 'testing-kit-node');
    const [testFile] = transpileForNode(outDir, ['test/testing-kit/host-kit.node-test.ts']);
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const run = spawnSync(process.execPath, ['--test', '--test-reporter=tap', testFile], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    // The tally only: the output of a failing run is for a person to read by running the file themselves.
    const tally = /^# (pass|fail) \d+$/gm;
    expect({ status: run.status, tally: run.stdout.match(tally) }).toEqual({
      status: 0,
      tally: ['# pass 1', '# fail 0'],
    });
  }, 90_000);
});
