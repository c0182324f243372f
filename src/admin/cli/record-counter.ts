import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';

/**
 * Passes bytes through and counts the records in them: line ends outside double quotes, so a CSV
 * cell holding a newline (a user agent can) is not counted as a row; JSON Lines never quote one.
 */
export class RecordCounter extends Transform {
  /** Record ends seen so far (the CSV header included). */
  records = 0;
  private quoted = false;

  constructor(private readonly onRecords: (records: number) => void = () => undefined) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const before = this.records;
    for (const byte of chunk) {
      if (byte === 0x22) this.quoted = !this.quoted;
      else if (byte === 0x0a && !this.quoted) this.records += 1;
    }
    if (this.records !== before) this.onRecords(this.records);
    done(null, chunk);
  }
}
