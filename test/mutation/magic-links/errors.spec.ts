// Found by `npm run test:mutation`: each error of the part says its own code and message, and a
// MagicLinkUnavailableError carries exactly the details it was given.
import {
  ClientDisconnectedError,
  CustomerNotLinkedError,
  InvalidUserError,
  MagicLinkUnavailableError,
  PersonRateLimitedError,
  PortalAccessEndedError,
  PortalLinkRejectedError,
} from '../../../src/magic-links/magic-link.errors.js';
import { NomosPortalError } from '../../../src/errors/index.js';

describe('magic-links errors', () => {
  it.each([
    [new CustomerNotLinkedError(), 'CUSTOMER_NOT_LINKED', 'No energy account is linked to this user yet'],
    [new PortalAccessEndedError(), 'CUSTOMER_SUSPENDED', 'The link of this user to an energy account is suspended'],
    [
      new PortalLinkRejectedError('not https'),
      'INVALID_PORTAL_LINK',
      'Nomos returned a link that is not a portal link: not https',
    ],
    [new InvalidUserError('too long'), 'INVALID_USER', 'The signed-in user id cannot be used: too long'],
    [
      new ClientDisconnectedError(),
      'CLIENT_DISCONNECTED',
      'The client disconnected before the link could be delivered',
    ],
    [
      new PersonRateLimitedError(42),
      'PERSON_RATE_LIMITED',
      'Too many links asked for by this person; try again in 42 s',
    ],
  ])('%p has its code and message', (error, code, message) => {
    expect(error).toBeInstanceOf(NomosPortalError);
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
  });

  it('hands the signup step on when there is one', () => {
    const nextStep = { href: 'https://corp.example/signup', label: 'Sign up' };
    expect(new CustomerNotLinkedError(nextStep).nextStep).toBe(nextStep);
    expect(new CustomerNotLinkedError().nextStep).toBeUndefined();
    expect(new PersonRateLimitedError(7).retryAfterSeconds).toBe(7);
  });

  it('keeps what a MagicLinkUnavailableError was given, and only that', () => {
    const cause = new Error('socket hang up');
    const full = new MagicLinkUnavailableError('RATE_LIMITED', {
      retryable: true,
      nomosCode: 'TOO_MANY_REQUESTS',
      nomosRequestId: 'req-9',
      cause,
      retryAfterSeconds: 3,
    });
    expect(full.message).toBe('The energy portal is unavailable (RATE_LIMITED)');
    expect(full).toMatchObject({
      code: 'RATE_LIMITED',
      retryable: true,
      nomosCode: 'TOO_MANY_REQUESTS',
      nomosRequestId: 'req-9',
      retryAfterSeconds: 3,
    });
    expect(full.cause).toBe(cause);

    const bare = new MagicLinkUnavailableError('TIMEOUT', { retryable: false });
    expect(bare.retryable).toBe(false);
    expect(bare.nomosCode).toBeUndefined();
    expect(bare.nomosRequestId).toBeUndefined();
    expect(bare.retryAfterSeconds).toBeUndefined();
    expect('cause' in bare).toBe(false);
  });
});
