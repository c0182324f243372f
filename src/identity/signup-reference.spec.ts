import { createHmac } from 'node:crypto';
import { createSignupReference, readSignupReference } from './signup-reference.js';

describe('signup references', () => {
  const person = { issuer: 'https://sts.windows.net/tenant-1/', subject: 'oid-7f3a' };
  const now = 1_765_000_000_000;
  const day = 86_400_000;

  it('read back as the person they were made for, with the current or the previous secret', () => {
    const ref = createSignupReference(person, 'new-secret', now, day);
    expect(readSignupReference(ref, ['new-secret'], now)).toEqual(person);
    expect(readSignupReference(ref, ['newer', 'new-secret'], now + 1000)).toEqual(person);
    expect(readSignupReference(ref, ['other'], now)).toBeUndefined();
    expect(readSignupReference(ref, [], now)).toBeUndefined();
    expect(readSignupReference(ref, [''], now)).toBeUndefined();
  });

  it('are URL-safe as they are, with no padding', () => {
    const ref = createSignupReference({ issuer: 'urn:ä?&/+=', subject: 'x y' }, 's', now, day);
    expect(ref).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(encodeURIComponent(ref)).toBe(ref);
    expect(readSignupReference(ref, ['s'], now)).toEqual({ issuer: 'urn:ä?&/+=', subject: 'x y' });
  });

  it('expire after the ttl, exactly', () => {
    const ref = createSignupReference(person, 's', now, day);
    expect(readSignupReference(ref, ['s'], now + day - 1)).toEqual(person);
    expect(readSignupReference(ref, ['s'], now + day)).toBeUndefined();
  });

  it('cannot be altered: another subject, issuer or expiry breaks the MAC', () => {
    const ref = createSignupReference(person, 's', now, day);
    const [, macText] = ref.split('.');
    for (const payload of [
      [1, now + day, person.issuer, 'someone-else'],
      [1, now + 100 * day, person.issuer, person.subject],
      [1, now + day, 'https://evil.example/', person.subject],
    ]) {
      const forged = `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${macText}`;
      expect(readSignupReference(forged, ['s'], now)).toBeUndefined();
    }
    // Flipping one character of the MAC.
    const last = ref.at(-2) === 'A' ? 'B' : 'A';
    expect(readSignupReference(`${ref.slice(0, -2)}${last}${ref.at(-1)}`, ['s'], now)).toBeUndefined();
  });

  it('are not a plain HMAC of the payload (a webhook signature with the same secret is not a reference)', () => {
    const encoded = Buffer.from(JSON.stringify([1, now + day, person.issuer, person.subject])).toString('base64url');
    const plain = createHmac('sha256', 's').update(encoded).digest('base64url');
    expect(readSignupReference(`${encoded}.${plain}`, ['s'], now)).toBeUndefined();
  });

  it('refuse malformed, oversized and non-string input without throwing', () => {
    const ref = createSignupReference(person, 's', now, day);
    const [encoded, macText] = ref.split('.');
    for (const input of [
      undefined,
      null,
      42,
      { ref },
      [ref],
      '',
      '.',
      encoded,
      `.${macText}`,
      `${encoded}.`,
      `${encoded}.${macText}.x`,
      `${encoded}.${macText}=`,
      `${encoded}.${macText.slice(1)}`,
      `${encoded}+.${macText}`,
      `${'A'.repeat(20_000)}.${macText}`,
    ]) {
      expect(readSignupReference(input, ['s'], now)).toBeUndefined();
    }
  });

  it('refuse a correctly signed payload of the wrong shape', () => {
    // Signed the way the module signs, to reach the payload checks behind the MAC.
    const sign = (payload: unknown): string => {
      const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
      const mac = createHmac('sha256', 's')
        .update('nomos-portal signup reference v1\n')
        .update(encoded)
        .digest('base64url');
      return `${encoded}.${mac}`;
    };
    expect(readSignupReference(sign([1, now + day, person.issuer, person.subject]), ['s'], now)).toEqual(person);
    for (const payload of [
      [2, now + day, person.issuer, person.subject],
      [1, String(now + day), person.issuer, person.subject],
      [1, now + day, '', person.subject],
      [1, now + day, person.issuer, 'x'.repeat(256)],
      [1, now + day, person.issuer],
      { issuer: person.issuer, subject: person.subject },
    ]) {
      expect(readSignupReference(sign(payload), ['s'], now)).toBeUndefined();
    }
  });

  it('are not made from a key the mapping could not store, an empty secret or a bad ttl', () => {
    expect(() => createSignupReference({ issuer: '', subject: 'x' }, 's', now, day)).toThrow(TypeError);
    expect(() => createSignupReference({ issuer: 'i', subject: 'x'.repeat(256) }, 's', now, day)).toThrow(TypeError);
    expect(() => createSignupReference(person, '', now, day)).toThrow(TypeError);
    expect(() => createSignupReference(person, 's', now, 0)).toThrow(RangeError);
    expect(() => createSignupReference(person, 's', now, 1.5)).toThrow(RangeError);
    expect(() => createSignupReference(person, 's', Number.NaN, day)).toThrow(RangeError);
    // The longest storable key still fits the read-side length bound.
    const longest = { issuer: '\u0001'.repeat(1024), subject: '\u0001'.repeat(255) };
    expect(readSignupReference(createSignupReference(longest, 's', now, day), ['s'], now)).toEqual(longest);
  });
});
