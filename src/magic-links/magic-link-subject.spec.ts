import { createHash } from 'node:crypto';
import type { PortalUser } from '../identity/index.js';
import { InvalidUserError } from './magic-link.errors.js';
import type { MagicLinkSubject } from './magic-link-subject.js';
import { checkSubject } from './magic-link-subject.js';

describe('checkSubject', () => {
  it('takes a PortalUser as it is, keeping only the id and the email', () => {
    const user: PortalUser = { id: 'alice', email: 'alice@corp.example', roles: ['staff'], portalAccess: true };
    expect(checkSubject(user)).toEqual({ ok: true, subject: { id: 'alice', email: 'alice@corp.example' } });
  });

  it('still accepts a bare id, as a subject without an email', () => {
    expect(checkSubject('alice')).toEqual({ ok: true, subject: { id: 'alice', email: undefined } });
  });

  it.each([
    ['no person', undefined, null],
    ['a null person', null, null],
    ['an empty id', { id: '' }, null],
    ['an empty bare id', '', null],
    ['a numeric id', { id: 42 } as unknown as MagicLinkSubject, null],
    ['a blank id', { id: '  ' }, `sha256:${createHash('sha256').update('  ').digest('hex')}`],
  ])('refuses %s with InvalidUserError, audited under %j', (_case, input, auditedAs) => {
    const checked = checkSubject(input);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.error).toBeInstanceOf(InvalidUserError);
    expect(checked.error.message).toBe('The signed-in user id cannot be used: userId must be a non-empty string');
    expect(checked.auditEntry).toEqual({ userId: auditedAs, errorCode: 'INVALID_USER' });
  });
});
