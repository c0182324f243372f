import { NomosPortalConfigError } from '../errors/index.js';
import { resolveWebhookOptions } from './webhooks.options.js';

const signing = 'whsec_0123456789abcdef';
const reference = 'r'.repeat(32);
const good = { signingSecrets: [signing], signupReferenceSecrets: [reference] };

describe('resolveWebhookOptions', () => {
  it('applies the defaults', () => {
    expect(resolveWebhookOptions(good)).toEqual({
      ...good,
      maxAttempts: 8,
      retryDelayMs: 60_000,
      sweepIntervalMs: 60_000,
    });
  });

  it.each([
    ['no section', undefined, /^webhooks is required when the module is declared with webhookReceiver: 'nomos'/],
    ['no signing secret', { ...good, signingSecrets: [] }, /webhooks\.signingSecrets must be an array of one or two/],
    ['three signing secrets', { ...good, signingSecrets: [signing, signing, signing] }, /signingSecrets/],
    [
      'a short signing secret',
      { ...good, signingSecrets: ['short'] },
      /signingSecrets must hold secrets of at least 16/,
    ],
    ['a secret with spaces', { ...good, signingSecrets: [`${signing} x`] }, /signingSecrets/],
    ['a short reference secret', { ...good, signupReferenceSecrets: ['r'.repeat(31)] }, /signupReferenceSecrets .*32/],
    ['no reference secret', { signingSecrets: [signing] }, /signupReferenceSecrets/],
    ['zero attempts', { ...good, maxAttempts: 0 }, /webhooks\.maxAttempts/],
    ['a negative retry delay', { ...good, retryDelayMs: -1 }, /webhooks\.retryDelayMs/],
    ['a fractional sweep interval', { ...good, sweepIntervalMs: 1.5 }, /webhooks\.sweepIntervalMs/],
  ])('refuses %s, naming the setting and never the secret', (_name, raw, message) => {
    let error: unknown;
    try {
      resolveWebhookOptions(raw as never);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(NomosPortalConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain(signing);
  });

  it('keeps a copy of the secrets, so later changes to the given arrays do not reach it', () => {
    const given = { signingSecrets: [signing], signupReferenceSecrets: [reference] };
    const resolved = resolveWebhookOptions(given);
    given.signingSecrets.push('whsec_added_later_0000');
    expect(resolved.signingSecrets).toEqual([signing]);
  });
});
