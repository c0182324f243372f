import type { Request } from 'express';

/** Largest webhook body accepted, in bytes: an event is a few hundred bytes of ids. */
export const MAX_WEBHOOK_BODY_BYTES = 262_144;

/** Why the raw body is not available. */
export type RawBodyProblem = 'too-large' | 'raw-body-missing' | 'unreadable';

type RawBodyRequest = Request & { rawBody?: unknown };

/**
 * The body's bytes exactly as sent, which the signature covers. Nest keeps them as `req.rawBody` when
 * the app is created with `rawBody: true`; a body Nest's parser did not read (another content type,
 * or `bodyParser: false`) is read here, up to {@link MAX_WEBHOOK_BODY_BYTES}. A body the parser read
 * without keeping the bytes is gone: that is the host's setting to fix, never guessed around (a
 * re-serialised body is not what Nomos signed).
 */
export async function readRawBody(request: RawBodyRequest): Promise<Buffer | RawBodyProblem> {
  if (Number(request.headers['content-length'] ?? 0) > MAX_WEBHOOK_BODY_BYTES) return 'too-large';
  if (Buffer.isBuffer(request.rawBody)) {
    return request.rawBody.length > MAX_WEBHOOK_BODY_BYTES ? 'too-large' : request.rawBody;
  }
  if (request.readableEnded) return 'raw-body-missing';
  return readStream(request);
}

function readStream(request: Request): Promise<Buffer | RawBodyProblem> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_WEBHOOK_BODY_BYTES) {
        // The rest is not read; the answer closes the connection.
        request.off('data', onData);
        request.pause();
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', () => resolve('unreadable'));
  });
}
