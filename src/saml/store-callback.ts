/** An express-session store callback: an error, or `null` and the value. */
export type StoreCallback<T> = (error: unknown, value?: T) => void;

/**
 * Runs `work` and hands its outcome to the callback exactly once; synchronous throws included.
 * The callback runs outside the promise's error path, so an exception it raises is not reported
 * back to it.
 */
export function settle<T>(work: () => Promise<T>, callback?: StoreCallback<T>): void {
  Promise.resolve()
    .then(work)
    .then(
      (value) => callback?.(null, value),
      (error: unknown) => callback?.(error),
    );
}
