import cliProgress from 'cli-progress';
import type { CliIo } from './cli-io.js';

/** A progress display for long work: a bar on a terminal, nothing otherwise (logs stay clean). */
export interface Progress {
  /** Moves to `done` of the total; `detail` replaces the text after the bar. */
  update(done: number, detail?: string): void;
  /** Removes the bar (before the summary is written). */
  stop(): void;
}

/** A bar on `io.err` when it is a terminal, counting up to `total`. */
export function startProgress(io: CliIo, total: number, detail: string): Progress {
  if (!io.errIsTty) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream: io.err,
      format: '{bar} {percentage}% | {detail} | {eta_formatted} left',
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { detail });
  return {
    update: (done, text) => bar.update(done, text === undefined ? {} : { detail: text }),
    stop: () => bar.stop(),
  };
}
