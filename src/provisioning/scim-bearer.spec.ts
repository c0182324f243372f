import { checkScimBearer } from './scim-bearer.js';

describe('checkScimBearer', () => {
  const current = 'c0rrect-h0rse_battery.staple~2026';
  const previous = 'previous+token/value==';

  it('accepts the current or, during a rotation, the previous secret', () => {
    expect(checkScimBearer(`Bearer ${current}`, [current])).toBe('ok');
    expect(checkScimBearer(`Bearer ${previous}`, [current, previous])).toBe('ok');
    expect(checkScimBearer(`Bearer ${current}`, [current, previous])).toBe('ok');
    expect(checkScimBearer(`Bearer ${previous}`, [current])).toBe('mismatch');
  });

  it('takes the scheme in any case and tolerates extra spaces around the token', () => {
    for (const header of [`bearer ${current}`, `BEARER ${current}`, `Bearer   ${current}`, `Bearer ${current}  `]) {
      expect({ header, verdict: checkScimBearer(header, [current]) }).toEqual({ header, verdict: 'ok' });
    }
  });

  it('refuses a wrong, truncated, extended or case-changed token', () => {
    for (const token of [
      'wrong',
      current.slice(0, -1),
      `${current}x`,
      current.toUpperCase(),
      `${current.slice(0, -1)}X`,
    ]) {
      expect(checkScimBearer(`Bearer ${token}`, [current, previous])).toBe('mismatch');
    }
  });

  it('never matches with no secrets or empty ones', () => {
    expect(checkScimBearer(`Bearer ${current}`, [])).toBe('mismatch');
    expect(checkScimBearer('Bearer x', [''])).toBe('mismatch');
    expect(checkScimBearer(`Bearer ${current}`, ['', current])).toBe('ok');
    expect(checkScimBearer(`Bearer ${current}`, 'not-an-array' as unknown as string[])).toBe('mismatch');
  });

  it('says missing for no header and malformed for anything that is not one bearer token', () => {
    expect(checkScimBearer(undefined, [current])).toBe('missing');
    expect(checkScimBearer('', [current])).toBe('missing');
    for (const header of [
      current,
      `Basic ${Buffer.from(`u:${current}`).toString('base64')}`,
      'Bearer',
      'Bearer ',
      `Bearer ${current} extra`,
      `Bearer\t${current}`,
      `Bearer ${current}\n`,
      `Bearer ${'a'.repeat(5000)}`,
      `Token ${current}`,
      `Bearer ${current}é`,
    ]) {
      expect({ header: header.slice(0, 30), verdict: checkScimBearer(header, [current]) }).toEqual({
        header: header.slice(0, 30),
        verdict: 'malformed',
      });
    }
    // A header given twice arrives as an array.
    expect(checkScimBearer([`Bearer ${current}`, `Bearer ${current}`], [current])).toBe('malformed');
  });

  it('accepts a long token up to the header bound', () => {
    const long = 'k'.repeat(4000);
    expect(checkScimBearer(`Bearer ${long}`, [long])).toBe('ok');
  });
});
