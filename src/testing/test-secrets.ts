/**
 * A value a kit object issued that must never appear in a log: a signed SAMLResponse (base64) and
 * the Response and Assertion ids inside it. Hand it to your log check.
 */
export interface TestSecret {
  kind: 'saml-response';
  /** The base64 `SAMLResponse` form value. */
  samlResponse: string;
  /** ID of the Assertion. */
  assertionId: string;
  /** ID of the Response. */
  responseId: string;
}

/** Called with every {@link TestSecret}; `issuer` is the kit object that issued it (e.g. a `TestIdp`). */
export type TestSecretListener = (secret: TestSecret, issuer: object) => void;

const listeners = new Set<TestSecretListener>();

/**
 * Calls `listener` with every secret any kit object issues from now on, in this module instance (a
 * Jest test file has its own). For a log check that searches a test run's output for them; a
 * per-object listener is the `onSecret` option of `TestIdp`.
 * @returns a function that removes the listener
 * @example
 * const stop = onTestSecret((secret) => secrets.push(secret.samlResponse));
 */
export function onTestSecret(listener: TestSecretListener): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** Tells every listener (the kit-wide ones, then the object's own `onSecret`) about a fresh secret. */
export function announceSecret(secret: TestSecret, issuer: object, own?: TestSecretListener): void {
  for (const listener of listeners) listener(secret, issuer);
  own?.(secret, issuer);
}
