import { createHmac } from 'node:crypto';
import { verifyWebhookSignature } from './webhook-signature.js';

// Signed here independently of the code under test, as the vendor documents it.
function sign(secret: string, t: number, body: string): string {
  return createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
}

describe('verifyWebhookSignature', () => {
  const body = '{"id":"evt_1","topic":"subscription.created","context":{"subscription":"sub_1"}}';
  const raw = Buffer.from(body, 'utf8');
  const now = 1_765_000_000_000;
  const t = now / 1000;

  it('accepts a valid signature, with either of two secrets (rotation)', () => {
    expect(verifyWebhookSignature(`t=${t},v1=${sign('old', t, body)}`, raw, ['new', 'old'], now)).toBe('ok');
    expect(verifyWebhookSignature(`t=${t},v1=${sign('new', t, body)}`, raw, ['new', 'old'], now)).toBe('ok');
    // Nomos may send several v1 values while it rotates on its side.
    const both = `t=${t},v1=${sign('other', t, body)},v1=${sign('new', t, body)}`;
    expect(verifyWebhookSignature(both, raw, ['new'], now)).toBe('ok');
  });

  it('refuses a forged or altered signature', () => {
    expect(verifyWebhookSignature(`t=${t},v1=${sign('guess', t, body)}`, raw, ['new'], now)).toBe('mismatch');
    const altered = Buffer.from(body.replace('sub_1', 'sub_2'), 'utf8');
    expect(verifyWebhookSignature(`t=${t},v1=${sign('new', t, body)}`, altered, ['new'], now)).toBe('mismatch');
    // The timestamp is signed too: moving it breaks the signature.
    expect(verifyWebhookSignature(`t=${t + 1},v1=${sign('new', t, body)}`, raw, ['new'], now)).toBe('mismatch');
    // A re-serialised body (other spacing) is not the raw body.
    const spaced = Buffer.from(JSON.stringify(JSON.parse(body), null, 1), 'utf8');
    expect(verifyWebhookSignature(`t=${t},v1=${sign('new', t, body)}`, spaced, ['new'], now)).toBe('mismatch');
  });

  it('refuses timestamps more than the tolerance off, in both directions', () => {
    const old = t - 301;
    const future = t + 301;
    expect(verifyWebhookSignature(`t=${old},v1=${sign('s', old, body)}`, raw, ['s'], now)).toBe('stale');
    expect(verifyWebhookSignature(`t=${future},v1=${sign('s', future, body)}`, raw, ['s'], now)).toBe('stale');
    const edge = t - 300;
    expect(verifyWebhookSignature(`t=${edge},v1=${sign('s', edge, body)}`, raw, ['s'], now)).toBe('ok');
    expect(verifyWebhookSignature(`t=${edge},v1=${sign('s', edge, body)}`, raw, ['s'], now, 1000)).toBe('stale');
  });

  it('refuses missing and malformed headers', () => {
    expect(verifyWebhookSignature(undefined, raw, ['s'], now)).toBe('missing');
    expect(verifyWebhookSignature('', raw, ['s'], now)).toBe('missing');
    const good = sign('s', t, body);
    for (const header of [
      `v1=${good}`,
      `t=${t}`,
      `t=${t},t=${t},v1=${good}`,
      `t=abc,v1=${good}`,
      `t=${t},v1=${good.slice(2)}`,
      `t=${t},v1=${good.toUpperCase()}`,
      `t=${t};v1=${good}`,
      `t=${t},v1=${good},${'x'.repeat(3000)}`,
    ]) {
      expect({ header, verdict: verifyWebhookSignature(header, raw, ['s'], now) }).toEqual({
        header,
        verdict: 'malformed',
      });
    }
    expect(verifyWebhookSignature(`t=${t},v0=abc,v1=${good}`, raw, ['s'], now)).toBe('ok');
  });
});
