/** Shared helpers of the admin suites: CSV text as a chunked stream, people and customers. */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

/** A fresh subject, so suites sharing a database never collide. */
export const subject = (): string => `emp-${randomBytes(5).toString('hex')}`;
/** A fresh Nomos-style customer id. */
export const customer = (): string => `cus_${randomBytes(5).toString('hex')}`;

/** `text` as a stream of small chunks, so the parser sees it arrive piece by piece as from a socket. */
export function chunked(text: string, size = 7): Readable {
  const parts: Buffer[] = [];
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0; at < bytes.length; at += size) parts.push(bytes.subarray(at, at + size));
  return Readable.from(parts);
}

/** CSV lines joined with CRLF, as spreadsheets write them. */
export const csv = (...lines: string[]): string => `${lines.join('\r\n')}\r\n`;
