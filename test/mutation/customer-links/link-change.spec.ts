// Found by `npm run test:mutation`: the defaults checkChange fills in (admin, the default actor id,
// channel api), when an explicit actor drops that default, and the exact refusals of each field.
import { checkChange } from '../../../src/customer-links/link-change.js';
import type { LinkChangeOptions } from '../../../src/customer-links/link-change.js';
import { refusal } from './refusal.js';

const CHANNEL_RULE = 'channel must be 1–32 lower-case letters, digits or "-"';
const ACTOR_ID_RULE = 'actor.id must be a string of at most 255 characters';

const refusalOf = (options: unknown) => refusal(() => checkChange(options as LinkChangeOptions));

describe('checkChange', () => {
  it('defaults to an admin without id through the api', () => {
    expect(checkChange({})).toEqual({ actorType: 'admin', actorId: null, channel: 'api' });
  });

  it('uses the default actor id only when no actor is given', () => {
    expect(checkChange({}, 'admin-7')).toEqual({ actorType: 'admin', actorId: 'admin-7', channel: 'api' });
    expect(checkChange({ actor: { type: 'scim' } }, 'admin-7')).toEqual({
      actorType: 'scim',
      actorId: null,
      channel: 'api',
    });
    expect(checkChange({ actor: { type: 'webhook', id: null } }, 'admin-7').actorId).toBeNull();
    expect(checkChange({ actor: { type: 'import', id: 'job-1' }, channel: 'import' }, 'admin-7')).toEqual({
      actorType: 'import',
      actorId: 'job-1',
      channel: 'import',
    });
  });

  it('accepts every actor type', () => {
    for (const type of ['person', 'admin', 'scim', 'webhook', 'import', 'system'] as const) {
      expect(checkChange({ actor: { type } }).actorType).toBe(type);
    }
  });

  it('refuses an unknown actor type, listing the accepted ones', () => {
    expect(refusalOf({ actor: { type: 'root' } })).toEqual([
      'actor',
      'actor.type must be one of person, admin, scim, webhook, import, system',
    ]);
  });

  it('accepts an actor id of up to 255 characters, and the empty one', () => {
    expect(checkChange({ actor: { type: 'admin', id: 'a'.repeat(255) } }).actorId).toBe('a'.repeat(255));
    expect(checkChange({ actor: { type: 'admin', id: '' } }).actorId).toBe('');
  });

  it('refuses an actor id that is too long or not a string', () => {
    expect(refusalOf({ actor: { type: 'admin', id: 'a'.repeat(256) } })).toEqual(['actor', ACTOR_ID_RULE]);
    expect(refusalOf({ actor: { type: 'admin', id: 42 } })).toEqual(['actor', ACTOR_ID_RULE]);
    expect(() => checkChange({}, 'a'.repeat(256))).toThrow(ACTOR_ID_RULE);
  });

  it('accepts channels of 1 to 32 lower-case letters, digits and "-", starting with a letter', () => {
    for (const channel of ['a', 'auto-link', 'scim2', 'z'.repeat(32), 'a-0-z-9']) {
      expect(checkChange({ channel }).channel).toBe(channel);
    }
  });

  it.each([
    ['empty', ''],
    ['33 characters', 'a'.repeat(33)],
    ['upper case', 'API'],
    ['starting with a digit', '1api'],
    ['starting with "-"', '-api'],
    ['with "_" at the end', 'api_'],
    ['with a space inside', 'a b'],
    ['with a trailing newline', 'api\n'],
    ['not a string but printing as one', ['api']],
    ['a number', 7],
  ])('refuses a channel %s', (_case, channel) => {
    expect(refusalOf({ channel })).toEqual(['channel', CHANNEL_RULE]);
  });
});
