import * as api from '../../src/index.js';
import { ERROR_ANSWERS, NomosPortalError } from '../../src/index.js';

// Classes whose code is chosen per instance from a closed subset (checked by the compiler).
const PER_INSTANCE = new Set(['MagicLinkUnavailableError', 'PortalRequestRefusedError', 'StepUpRequiredError']);

type ErrorClass = new (...args: unknown[]) => NomosPortalError;
const errorClasses = (Object.entries(api) as Array<[string, unknown]>).filter(
  (entry): entry is [string, ErrorClass] =>
    typeof entry[1] === 'function' && (entry[1] as ErrorClass).prototype instanceof NomosPortalError,
);

describe('every exported NomosPortalError has a fixed code the one table answers', () => {
  it('finds the error classes of every part', () => {
    expect(errorClasses.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'NomosApiError',
        'CustomerNotLinkedError',
        'SamlRateLimitedError',
        'SignInRequiredError',
      ]),
    );
  });

  it.each(errorClasses.filter(([name]) => !PER_INSTANCE.has(name)))('%s', (_name, ErrorClass) => {
    const error = new ErrorClass('a message', { retryable: false });
    expect(Object.keys(ERROR_ANSWERS)).toContain(error.code);
    expect(error.code).toBe(new ErrorClass('another', { retryable: true }).code);
  });
});
