import { logValue } from './log-value.js';

describe('logValue', () => {
  it('keeps ordinary identity values as they are', () => {
    expect(logValue('alice@corp.example')).toBe('alice@corp.example');
    expect(logValue('https://idp.corp.example/saml')).toBe('https://idp.corp.example/saml');
    expect(logValue('Zoë Ünïcode 名前')).toBe('Zoë Ünïcode 名前');
    expect(logValue(42)).toBe('42');
    expect(logValue(undefined)).toBe('undefined');
  });

  it('escapes CR, LF and tab so a value can never start a log line', () => {
    const forged = 'bob\r\n[Nest] 1  - 12/1/2026, 9:00:00 AM     LOG [NomosSaml] signed in admin@corp.example';
    const out = logValue(forged);
    expect(out).not.toMatch(/[\r\n]/);
    expect(out).toBe('bob\\r\\n[Nest] 1  - 12/1/2026, 9:00:00 AM     LOG [NomosSaml] signed in admin@corp.example');
    expect(logValue('a\tb')).toBe('a\\tb');
  });

  it.each([
    ['NUL', '\u0000', '\\u{0}'],
    ['ESC (terminal escape sequences)', '\u001b[2J', '\\u{1b}[2J'],
    ['DEL', '\u007f', '\\u{7f}'],
    ['C1 NEL', '\u0085', '\\u{85}'],
    ['C1 CSI', '\u009b', '\\u{9b}'],
    ['LINE SEPARATOR', '\u2028', '\\u{2028}'],
    ['PARAGRAPH SEPARATOR', '\u2029', '\\u{2029}'],
    ['RIGHT-TO-LEFT OVERRIDE', '\u202e', '\\u{202e}'],
    ['LEFT-TO-RIGHT ISOLATE', '\u2066', '\\u{2066}'],
    ['ZERO WIDTH SPACE', '\u200b', '\\u{200b}'],
    ['BOM', '\ufeff', '\\u{feff}'],
    ['lone surrogate', '\ud800', '\\u{d800}'],
  ])('escapes %s', (_name, raw, escaped) => {
    expect(logValue(`x${raw}y`)).toBe(`x${escaped}y`);
  });

  it('doubles backslashes, so an escape typed by the sender cannot pass for one made here', () => {
    expect(logValue('CORP\\alice')).toBe('CORP\\\\alice');
    expect(logValue('\\n')).not.toBe(logValue('\n'));
  });

  it('cuts long values and says how much was cut, without splitting a character', () => {
    expect(logValue('a'.repeat(300))).toBe(`${'a'.repeat(256)}…(44 more)`);
    expect(logValue('😀'.repeat(5), 3)).toBe('😀😀😀…(2 more)');
    expect(logValue('\n'.repeat(10), 2)).toBe('\\n\\n…(8 more)');
  });
});
