import { Logger } from '@nestjs/common';
import { appendFile, open } from 'node:fs/promises';
import { request } from 'undici';
import type { AuditCheckpoint } from './audit-checkpoint.js';
import { isCheckpoint } from './audit-checkpoint.js';

/**
 * Where signed checkpoints go: somewhere the app's database credentials cannot rewrite (a file on
 * another volume or shipped off the host, an HTTP endpoint, the log stream). Implement it for
 * anything else (an object store with object lock, a ticket system).
 */
export interface AuditCheckpointSink {
  /** Short name for logs, e.g. `file`, `http`, `log`. Never a URL or path with credentials. */
  readonly name: string;
  /** Stores one checkpoint; rejects when it could not (the scheduler logs and tries again later). */
  write(checkpoint: AuditCheckpoint): Promise<void>;
}

/** Appends each checkpoint as one JSON line to a file (created with mode 0600). */
export class FileCheckpointSink implements AuditCheckpointSink {
  readonly name = 'file';
  constructor(readonly path: string) {}

  write(checkpoint: AuditCheckpoint): Promise<void> {
    return appendFile(this.path, `${JSON.stringify(checkpoint)}\n`, { encoding: 'utf8', mode: 0o600 });
  }
}

/** Options of {@link HttpCheckpointSink}. */
export interface HttpCheckpointSinkOptions {
  /** Extra request headers, e.g. an `authorization` the endpoint wants. Never logged. @default {} */
  headers?: Record<string, string>;
  /** Time limit of one POST. @default 5000 */
  timeoutMs?: number;
}

/** POSTs each checkpoint as JSON; any status but 2xx is a failed write. */
export class HttpCheckpointSink implements AuditCheckpointSink {
  readonly name = 'http';
  constructor(
    readonly url: string,
    private readonly options: HttpCheckpointSinkOptions = {},
  ) {}

  async write(checkpoint: AuditCheckpoint): Promise<void> {
    const timeoutMs = this.options.timeoutMs ?? 5000;
    const response = await request(this.url, {
      method: 'POST',
      headers: { ...this.options.headers, 'content-type': 'application/json' },
      body: JSON.stringify(checkpoint),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Drain the body so the connection is reused; its content is the endpoint's, never logged.
    await response.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
    if (response.statusCode < 200 || response.statusCode > 299) {
      throw new Error(`Audit checkpoint endpoint answered ${response.statusCode}`);
    }
  }
}

/** Writes each checkpoint as one structured log line (context `NomosAuditCheckpoint`). */
export class LogCheckpointSink implements AuditCheckpointSink {
  readonly name = 'log';
  constructor(private readonly logger = new Logger('NomosAuditCheckpoint')) {}

  async write(checkpoint: AuditCheckpoint): Promise<void> {
    this.logger.log(JSON.stringify({ event: 'nomos.audit.checkpoint', ...checkpoint }));
  }
}

/** How much of a checkpoint file's end {@link readLastCheckpoint} reads: far more than one line. */
const TAIL_BYTES = 16 * 1024;

/**
 * The newest well-formed checkpoint of a file written by {@link FileCheckpointSink}, reading only its
 * last 16 KiB (flat cost whatever the file's size); `undefined` when there is none. The signature is
 * not checked here: `AuditChainService.verify` does that.
 */
export async function readLastCheckpoint(path: string): Promise<AuditCheckpoint | undefined> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    await file.read(buffer, 0, length, size - length);
    const lines = buffer.toString('utf8').split('\n').reverse();
    for (const line of lines) {
      try {
        const parsed: unknown = JSON.parse(line);
        if (isCheckpoint(parsed)) return parsed;
      } catch {
        // A torn first line of the tail, or a partly written last one: keep looking.
      }
    }
    return undefined;
  } finally {
    await file.close();
  }
}
