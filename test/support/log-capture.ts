import { appendFileSync } from 'node:fs';

/**
 * Records everything a suite prints — raw stdout/stderr writes (where Nest's ConsoleLogger goes) and
 * console calls (which Jest buffers apart) — so it can assert that no credential ever reached the
 * logs (invariant 2). Output still passes through.
 */
export class LogCapture {
  private readonly chunks: string[] = [];
  private restore: Array<() => void> = [];

  start(): this {
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write;
      stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        this.chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        return (write as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
      }) as typeof stream.write;
      this.restore.push(() => (stream.write = write));
    }
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      const original = console[method];
      console[method] = (...args: unknown[]) => {
        this.chunks.push(args.map((a) => (a instanceof Error ? `${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
        original.apply(console, args);
      };
      this.restore.push(() => (console[method] = original));
    }
    return this;
  }

  stop(): void {
    this.restore.reverse().forEach((undo) => undo());
    this.restore = [];
  }

  get text(): string {
    return this.chunks.join('\n');
  }

  /** The values that appear in the captured output (empty when clean). */
  leaks(values: Iterable<string>): string[] {
    const text = this.text;
    return [...new Set(values)].filter((value) => value.length >= 8 && text.includes(value));
  }
}

/** What a recorded secret is, for the runner's summary line. */
export type SecretKind = 'credential' | 'session' | 'saml-response';

/**
 * Hands secrets a suite saw issued (credentials; session cookies and ids; SAML responses and the
 * ids inside them) to the test runner, which searches the whole run's output for them after Jest
 * ends (see scripts/test.mjs). A no-op outside `npm test`.
 */
export function recordSecretsForRunner(secrets: Iterable<string>, kind: SecretKind = 'credential'): void {
  const ledger = process.env.NOMOS_TEST_SECRETS_FILE;
  const lines = [...secrets].filter((s) => s.length >= 8 && !/[\t\n]/.test(s)).map((s) => `${kind}\t${s}\n`);
  if (ledger && lines.length) appendFileSync(ledger, lines.join(''));
}
