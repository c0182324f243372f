// Runs one step of a host's check as a child process: output kept (and written to a log file, so a
// failure can be read in full), time measured, killed with its process group after a deadline.
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';

/** npm settings a user may give through the environment that a host's npm should use too. */
const KEPT_NPM_SETTINGS = new Set(
  [
    'registry',
    'cache',
    'userconfig',
    'globalconfig',
    'proxy',
    'https_proxy',
    'noproxy',
    'strict_ssl',
    'cafile',
    'ca',
  ].map((name) => `npm_config_${name}`),
);

/**
 * The environment a host step sees: this process's, without what `npm run` adds about this
 * repository (its package, its prefix), so the host's own npm works on the host's project; a
 * registry, cache or proxy setting is kept. `extra` is added last.
 */
export function hostEnv(extra = {}) {
  const kept = ([name]) => !name.toLowerCase().startsWith('npm_') || KEPT_NPM_SETTINGS.has(name.toLowerCase());
  const env = Object.fromEntries(Object.entries(process.env).filter(kept));
  delete env.NODE_OPTIONS;
  delete env.INIT_CWD;
  return { ...env, ...extra };
}

/**
 * Runs `command args` in `cwd`; resolves `{ ok, code, seconds, output, stdout }` (output: stdout and
 * stderr as they came), never rejects.
 * @param {{ cwd: string, env?: NodeJS.ProcessEnv, log: string, timeoutSec: number }} options
 */
export function run(command, args, { cwd, env = hostEnv(), log, timeoutSec }) {
  const started = performance.now();
  appendFileSync(log, `\n$ ${command} ${args.join(' ')}   (in ${cwd})\n`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    const stdout = [];
    const keep = (chunk) => {
      chunks.push(chunk);
      appendFileSync(log, chunk);
    };
    child.stdout.on('data', (chunk) => (stdout.push(chunk), keep(chunk)));
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, timeoutSec * 1000);
    const finish = (code) => {
      clearTimeout(timer);
      const output = Buffer.concat(chunks).toString('utf8') + (timedOut ? `\n[timed out after ${timeoutSec} s]\n` : '');
      const seconds = (performance.now() - started) / 1000;
      resolve({ ok: code === 0 && !timedOut, code, seconds, output, stdout: Buffer.concat(stdout).toString('utf8') });
    };
    child.on('error', (error) => {
      keep(Buffer.from(`${error.message}\n`));
      finish(127);
    });
    child.on('close', (code) => finish(code ?? 1));
  });
}

/** The last `count` non-empty lines of a step's output, indented, for the failure report. */
export function tail(output, count = 30) {
  const lines = output.split('\n').filter((line) => line.trim() !== '');
  return lines
    .slice(-count)
    .map((line) => `    ${line}`)
    .join('\n');
}
