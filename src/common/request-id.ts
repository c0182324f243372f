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
 * Makes a caller's correlation id (e.g. its `X-Request-Id`) the request's id, if it has a safe
 * shape (8–128 of `A-Z a-z 0-9 . _ : -`); otherwise the request keeps a generated one.
 */
export function adoptRequestId(request: object, candidate: string | undefined): void {
  if (candidate && REQUEST_ID.test(candidate)) requestIds.set(request, candidate);
}
