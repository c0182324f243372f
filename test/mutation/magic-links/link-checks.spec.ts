// Found by `npm run test:mutation`: each refusal of a Nomos link says its own reason, host patterns
// are matched one by one, and a failed mint maps to the code a person is shown.
import { createHash } from 'node:crypto';
import {
  ClientDisconnectedError,
  CustomerNotLinkedError,
  InvalidUserError,
  MagicLinkUnavailableError,
  PortalLinkRejectedError,
} from '../../../src/magic-links/magic-link.errors.js';
import { NomosApiError, NomosRateLimitError, NomosTimeoutError } from '../../../src/nomos-api/nomos-api.errors.js';
import { toUnavailable } from '../../../src/magic-links/mint-failure.js';
import { checkPortalLink, hostIsAllowed } from '../../../src/magic-links/portal-link.js';
import { checkUserId } from '../../../src/magic-links/user-id-check.js';

const HOSTS = ['*.customerportal.energy'];
const reasonOf = (link: unknown, hosts = HOSTS) => {
  try {
    checkPortalLink(link as string, hosts);
  } catch (error) {
    expect(error).toBeInstanceOf(PortalLinkRejectedError);
    return (error as Error).message.replace('Nomos returned a link that is not a portal link: ', '');
  }
  throw new Error('expected a refusal');
};

describe('checkPortalLink refusals', () => {
  it.each([
    [
      'a leading space the URL parser would strip',
      ' https://acme.customerportal.energy/auth/confirm?token_hash=t',
      'contains whitespace, control, non-ASCII or backslash characters',
    ],
    ['a non-string', 42, 'contains whitespace, control, non-ASCII or backslash characters'],
    ['no URL at all', 'acme.customerportal.energy', 'not a URL'],
    ['http', 'http://acme.customerportal.energy/?token_hash=t', 'not https'],
    ['a user name', 'https://me@acme.customerportal.energy/?token_hash=t', 'carries credentials'],
    ['a password only', 'https://:pw@acme.customerportal.energy/?token_hash=t', 'carries credentials'],
    ['a foreign host', 'https://evil.example/?token_hash=t', 'host evil.example is not an allowed portal host'],
    ['two token_hash values', 'https://acme.customerportal.energy/?token_hash=a&token_hash=b', 'no single token_hash'],
    ['an empty token_hash', 'https://acme.customerportal.energy/?token_hash=', 'no single token_hash'],
    ['no token_hash', 'https://acme.customerportal.energy/?type=magiclink', 'no single token_hash'],
  ])('refuses %s with its reason', (_case, link, reason) => {
    expect(reasonOf(link)).toBe(reason);
  });

  it('keeps the host with its port and fingerprints the one token', () => {
    const checked = checkPortalLink('https://acme.customerportal.energy:8443/auth/confirm?token_hash=tok', HOSTS);
    expect(checked).toEqual({
      href: 'https://acme.customerportal.energy:8443/auth/confirm?token_hash=tok',
      host: 'acme.customerportal.energy:8443',
      fingerprint: createHash('sha256').update('tok').digest('hex'),
    });
  });
});

describe('hostIsAllowed', () => {
  it('accepts a host that any one of several patterns allows', () => {
    expect(hostIsAllowed('portal.example.com', ['*.customerportal.energy', 'portal.example.com'])).toBe(true);
    expect(hostIsAllowed('acme.customerportal.energy', ['portal.example.com', '*.customerportal.energy'])).toBe(true);
  });

  it('matches a pattern without "*." only exactly', () => {
    expect(hostIsAllowed('xportal.example.com', ['portal.example.com'])).toBe(false);
    expect(hostIsAllowed('a.portal.example.com', ['portal.example.com'])).toBe(false);
  });

  it('needs a non-empty label below a "*." pattern', () => {
    expect(hostIsAllowed('.customerportal.energy', HOSTS)).toBe(false);
    expect(hostIsAllowed('customerportal.energy', HOSTS)).toBe(false);
  });
});

describe('toUnavailable', () => {
  it('turns every rate limit into RATE_LIMITED, retryable, keeping the Nomos request id and cause', () => {
    const cause = new NomosRateLimitError('slow down', {
      nomosCode: 'TOO_MANY_REQUESTS',
      retryable: false,
      requestId: 'rq-1',
    });
    const failure = toUnavailable(cause);
    expect([failure.code, failure.retryable, failure.nomosRequestId, failure.cause]).toEqual([
      'RATE_LIMITED',
      true,
      'rq-1',
      cause,
    ]);
    expect(failure.message).toBe('The energy portal is unavailable (RATE_LIMITED)');
  });

  it('answers NOMOS_UNAVAILABLE from status 500 up, BAD_REQUEST below or without a status', () => {
    const codeFor = (statusCode: number | undefined) =>
      toUnavailable(new NomosApiError('x', { statusCode, nomosCode: 'E', retryable: false })).code;
    expect([500, 503, 499, 404, undefined].map(codeFor)).toEqual([
      'NOMOS_UNAVAILABLE',
      'NOMOS_UNAVAILABLE',
      'BAD_REQUEST',
      'BAD_REQUEST',
      'BAD_REQUEST',
    ]);
  });

  it('keeps the code of a Nomos error that has its own (a timeout stays TIMEOUT)', () => {
    const timeout = new NomosTimeoutError('slow', { statusCode: 504, retryable: true });
    expect(toUnavailable(timeout).code).toBe('TIMEOUT');
  });

  it('answers a 4xx-style Nomos error BAD_REQUEST, keeping its retryability and request id', () => {
    const cause = new NomosApiError('bad', { nomosCode: 'NOT_FOUND', retryable: false, requestId: 'rq-2' });
    const failure = toUnavailable(cause);
    expect([failure.code, failure.retryable, failure.nomosRequestId, failure.cause]).toEqual([
      'BAD_REQUEST',
      false,
      'rq-2',
      cause,
    ]);
  });

  it('calls anything else INTERNAL_ERROR, not retryable', () => {
    const cause = new TypeError('bug');
    const failure = toUnavailable(cause);
    expect(failure).toBeInstanceOf(MagicLinkUnavailableError);
    expect([failure.code, failure.retryable, failure.nomosRequestId, failure.cause]).toEqual([
      'INTERNAL_ERROR',
      false,
      undefined,
      cause,
    ]);
  });
});

describe('refused user ids and the errors people are shown', () => {
  it('audits a refused id as the SHA-256 of its UTF-8, and an empty or non-string one as null', () => {
    const refused = checkUserId('bad\u0000id');
    expect(typeof refused).toBe('object');
    const { error, auditEntry } = refused as Extract<typeof refused, { ok: false }>;
    expect(error).toBeInstanceOf(InvalidUserError);
    expect(error.message).toBe('The signed-in user id cannot be used: userId must not contain control characters');
    expect(auditEntry).toEqual({
      userId: `sha256:${createHash('sha256').update('bad\u0000id', 'utf8').digest('hex')}`,
      errorCode: 'INVALID_USER',
    });
    expect(checkUserId('')).toMatchObject({ auditEntry: { userId: null, errorCode: 'INVALID_USER' } });
    expect(checkUserId(7)).toMatchObject({ auditEntry: { userId: null, errorCode: 'INVALID_USER' } });
    expect(checkUserId('alice')).toEqual({ ok: true, userId: 'alice' });
  });

  it('gives each error its code and a message without ids', () => {
    expect([new CustomerNotLinkedError().code, new CustomerNotLinkedError().message]).toEqual([
      'CUSTOMER_NOT_LINKED',
      'No energy account is linked to this user yet',
    ]);
    expect(new PortalLinkRejectedError('not https').message).toBe(
      'Nomos returned a link that is not a portal link: not https',
    );
    expect(new InvalidUserError('too long').message).toBe('The signed-in user id cannot be used: too long');
    const gone = new ClientDisconnectedError();
    expect([gone.code, gone.message]).toEqual([
      'CLIENT_DISCONNECTED',
      'The client disconnected before the link could be delivered',
    ]);
  });
});
