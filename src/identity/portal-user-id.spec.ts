import { InvalidPortalUserError } from './identity.errors.js';
import { requestUserResolver } from './portal-user.js';
import { toPortalUser } from './portal-user-id.js';

describe('toPortalUser', () => {
  it('keeps a string id, and the very object the resolver gave', () => {
    const user = { id: 'alice', email: 'alice@corp.example' };
    expect(toPortalUser(user)).toBe(user);
  });

  it('turns a whole-number id into its decimal string, in a copy', () => {
    const user = { id: 42 as unknown as string, email: 'n@corp.example' };
    expect(toPortalUser(user)).toEqual({ id: '42', email: 'n@corp.example' });
    expect(user.id).toBe(42);
    expect(toPortalUser({ id: 9007199254740993n as unknown as string })).toEqual({ id: '9007199254740993' });
  });

  it('is nobody for no person', () => {
    expect(toPortalUser(undefined)).toBeUndefined();
    expect(toPortalUser(null)).toBeUndefined();
  });

  it.each([
    [{ id: 1.5 }, 'fractional number'],
    [{ id: 2 ** 53 }, 'number beyond 2^53'],
    [{ id: Number.NaN }, 'non-finite number'],
    [{ id: { $oid: 'x' } }, 'object'],
    [{ id: true }, 'boolean'],
    [{}, 'undefined'],
  ])('refuses %j, naming the type only', (user, type) => {
    const refuse = () => toPortalUser(user as never);
    expect(refuse).toThrow(InvalidPortalUserError);
    expect(refuse).toThrow(`id is of type ${type},`);
  });
});

describe('requestUserResolver', () => {
  it.each([{ user: { id: 'alice' } }, { user: { id: 7 } }, { user: { id: { nested: 1 } } }])(
    'hands on request.user with an id (%j) for the guard to check',
    (request) => expect(requestUserResolver.resolve(request)).toBe(request.user),
  );

  it.each([{}, { user: null }, { user: 'alice' }, { user: {} }, { user: { id: '' } }, { user: { id: null } }])(
    'finds nobody in %j',
    (request) => expect(requestUserResolver.resolve(request)).toBeUndefined(),
  );
});
