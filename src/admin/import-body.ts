import { Transform } from 'node:stream';
import type { Readable } from 'node:stream';
import { AdminImportTooLargeError } from './admin.errors.js';

/**
 * The request body as a stream cut off after `maxBytes` (failing with AdminImportTooLargeError), so a
 * client cannot make the import read without end. A declared `Content-Length` over the cap is refused
 * before a byte is read. A body another parser already read (a host's text parser) is used as is.
 * @throws AdminImportTooLargeError when `Content-Length` is over the cap
 */
export function cappedBody(request: Readable & { headers: Record<string, unknown>; body?: unknown }, maxBytes: number) {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw new AdminImportTooLargeError(maxBytes);
  if (typeof request.body === 'string' || Buffer.isBuffer(request.body)) {
    if (Buffer.byteLength(request.body) > maxBytes) throw new AdminImportTooLargeError(maxBytes);
    return [request.body];
  }
  let seen = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > maxBytes) return done(new AdminImportTooLargeError(maxBytes));
      done(null, chunk);
    },
  });
  request.on('error', (error) => cap.destroy(error));
  return request.pipe(cap);
}
