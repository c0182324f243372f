import { randomUUID } from 'node:crypto';

// Accept a caller's correlation id only in a shape that cannot inject into logs or headers.
const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;
const requestIds = new WeakMap<object, string>();

/**
 * The id of one request, for log lines, the `X-Request-Id` header and error answers: the caller's
 * own when {@link adoptRequestId} accepted it, else a random UUID made on first use.
 */
export function requestIdOf(request: object): string {
  let id = requestIds.get(request);
  if (!id) {
    id = randomUUID();
    requestIds.set(request, id);
  }
  return id;
}

/**
 * True for a correlation id in a shape that is safe everywhere one goes: a response or outgoing
 * request header, a log line, the audit's 128-character column. 8–128 of `A-Z a-z 0-9 . _ : -`
 * (a UUID passes).
 */
export function isSafeRequestId(value: unknown): value is string {
  return typeof value === 'string' && REQUEST_ID.test(value);
}

/**
 * Makes a caller's correlation id (e.g. its `X-Request-Id`) the request's id when
 * {@link isSafeRequestId} accepts it; otherwise the request keeps a generated one.
 */
export function adoptRequestId(request: object, candidate: string | undefined): void {
  if (isSafeRequestId(candidate)) requestIds.set(request, candidate);
}
