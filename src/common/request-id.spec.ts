import { adoptRequestId, isSafeRequestId, requestIdOf } from './request-id.js';

describe('request ids', () => {
  it.each(['corr-12345678', 'our-rq-1', '0b5c6d4e-1f2a-4b3c-8d9e-0a1b2c3d4e5f', 'a.b_c:d-e', 'x'.repeat(128)])(
    'accepts %s',
    (id) => {
      expect(isSafeRequestId(id)).toBe(true);
    },
  );

  it.each([
    'short',
    'x'.repeat(129),
    'bad\tid value',
    'bad\r\nX-Injected: 1',
    'a/b/c/d/e',
    '<script>1</script>',
    undefined,
    12345678,
  ])('refuses %p', (id) => expect(isSafeRequestId(id)).toBe(false));

  it("adopts a caller's safe id and otherwise keeps a generated UUID", () => {
    const kept = {};
    adoptRequestId(kept, 'corr-12345678');
    expect(requestIdOf(kept)).toBe('corr-12345678');
    const replaced = {};
    adoptRequestId(replaced, 'bad\tid value');
    expect(requestIdOf(replaced)).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdOf(replaced)).toBe(requestIdOf(replaced));
  });
});
