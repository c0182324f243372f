// Runs one step of a host's check as a child process: output kept (and written to a log file, so a
// failure can be read in full), time measured, killed with its process group after a deadline.
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';

/**
 * The environment a host step sees: this process's, without the `npm_*` variables `npm run` adds
 * (the host's own npm must not think it runs inside this repository's package), plus `extra`.
 */
export function hostEnv(extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_')));
  delete env.NODE_OPTIONS;
  delete env.INIT_CWD;
  return { ...env, ...extra };
}

/**
 * Runs `command args` in `cwd`; resolves `{ ok, code, seconds, output }`, never rejects.
 * @param {{ cwd: string, env?: NodeJS.ProcessEnv, log: string, timeoutSec: number }} options
 */
export function run(command, args, { cwd, env = hostEnv(), log, timeoutSec }) {
  const started = performance.now();
  appendFileSync(log, `\n$ ${command} ${args.join(' ')}   (in ${cwd})\n`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    const keep = (chunk) => {
      chunks.push(chunk);
      appendFileSync(log, chunk);
    };
    child.stdout.on('data', keep);
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
      resolve({ ok: code === 0 && !timedOut, code, seconds, output });
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
