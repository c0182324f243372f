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
      stream.write = (chunk: string | Uint8Array, ...rest: unknown[]) => {
        this.chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        return (write as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
      };
      this.restore.push(() => (stream.write = write));
    }
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      const original = console[method];
      console[method] = (...args: unknown[]) => {
        this.chunks.push(
          args
            .map((a) => (a instanceof Error ? `${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a)))
            .join(' '),
        );
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

// The runner's ledger lives in runner-ledger.ts; re-exported for the suites that import it from here.
export { ledgerSource, recordSecretsForRunner, type LedgerSource, type SecretKind } from './runner-ledger.js';
