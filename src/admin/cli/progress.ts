import cliProgress from 'cli-progress';
import type { CliIo } from './cli-io.js';

/** A progress display for long work: a bar on a terminal, nothing otherwise (logs stay clean). */
export interface Progress {
  /** Moves to `done` of the total. */
  update(done: number): void;
  /** Removes the bar (before the summary is written). */
  stop(): void;
}

/** A bar on `io.err` when it is a terminal, counting up to `total` of `unit`. */
export function startProgress(io: CliIo, total: number, unit: string): Progress {
  if (!io.errIsTty) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream: io.err as NodeJS.WriteStream,
      format: `{bar} {percentage}% | {value}/{total} ${unit} | {eta_formatted} left`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { update: (done) => bar.update(done), stop: () => bar.stop() };
}
