import { InvalidPortalUserError } from './identity.errors.js';
import type { PortalUser } from './portal-user.js';

/**
 * What a resolver found, as the guard hands it on: `undefined` for nobody; a whole-number id
 * (`42`, `42n`: what a host's database sequence gives) as its decimal string, in a copy, since the
 * mapping and the audit key people by text; a string id unchanged (the minting checks it further).
 * @throws InvalidPortalUserError for an id of any other type: refusing it says what is wrong,
 *   where treating it as "nobody signed in" would send the browser back to a sign-in that succeeds
 *   again and again
 */
export function toPortalUser(found: PortalUser | undefined | null): PortalUser | undefined {
  if (found === undefined || found === null) return undefined;
  const id: unknown = (found as { id?: unknown }).id;
  if (typeof id === 'string') return found;
  if ((typeof id === 'number' && Number.isSafeInteger(id)) || typeof id === 'bigint') {
    return { ...found, id: id.toString(10) };
  }
  throw new InvalidPortalUserError(typeOf(id));
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return 'number beyond 2^53';
    return Number.isFinite(value) ? 'fractional number' : 'non-finite number';
  }
  return typeof value;
}
