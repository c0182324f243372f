import { DEEP_LINK_DEFAULT_PATHS, resolveDeepLinkPaths } from './deep-link.options.js';
import { deepLinkTarget, requestedDeepLink, withNext } from './deep-link.js';
import { OptionChecks } from '../common/option-checks.js';
import { NomosPortalConfigError } from '../errors/index.js';

const SECTIONS = DEEP_LINK_DEFAULT_PATHS;
const LINK = 'https://acme.customerportal.energy/auth/confirm?token_hash=abc%2Bdef~1&type=magiclink&next=/overview';

describe('deepLinkTarget', () => {
  it.each([
    ['/overview'],
    ['/invoices'],
    ['/invoices/inv_01HXYZ'],
    ['/invoices/inv_123/file'],
    ['/meter-readings/mr-2026-01'],
    ['/payment-method'],
  ])('accepts %s', (next) => {
    expect(deepLinkTarget(next, SECTIONS)).toEqual({ ok: true, path: next });
  });

  // What an attacker would put in `?next=` to leave the portal, reach another of its pages, or smuggle
  // something past a later decoder. Every one must be refused as it is, never repaired.
  const HOSTILE: Array<[string, unknown]> = [
    ['absolute URL', 'https://evil.example/invoices'],
    ['scheme-relative', '//evil.example/invoices'],
    ['javascript scheme', 'javascript:alert(1)'],
    ['data scheme', 'data:text/html,<script>alert(1)</script>'],
    ['no leading slash', 'invoices'],
    ['dot-dot', '/invoices/../admin'],
    ['dot segment', '/invoices/./x'],
    ['encoded dot-dot', '/invoices/%2e%2e/admin'],
    ['encoded slash', '/invoices%2f..%2fadmin'],
    ['double-encoded', '/invoices/%252e%252e'],
    ['backslash', '/invoices\\..\\admin'],
    ['backslash host', '/\\evil.example'],
    ['double slash inside', '/invoices//evil.example'],
    ['trailing slash', '/invoices/'],
    ['query', '/invoices?x=1'],
    ['fragment', '/invoices#x'],
    ['prefix trick', '/invoicesevil'],
    ['prefix with dash', '/invoices-evil/1'],
    ['not listed', '/admin'],
    ['upper-case section', '/INVOICES'],
    ['CRLF', '/invoices/1\r\nSet-Cookie: a=b'],
    ['NUL', '/invoices/1\u0000'],
    ['tab', '/invoices/\t1'],
    ['space', '/invoices/inv 1'],
    ['unicode lookalike slash', '/invoices\u2215..\u2215admin'],
    ['fullwidth letters', '/invoices/\uff49nv'],
    ['bidi override', '/invoices/\u202eabc'],
    ['too many segments', '/invoices/a/b/c'],
    ['overlong id', `/invoices/${'a'.repeat(65)}`],
    ['overlong value', `/invoices/${'a/'.repeat(150)}`],
    ['empty', ''],
    ['at sign', '/invoices/@evil.example'],
    ['colon', '/invoices/a:b'],
    ['array (repeated ?next=)', ['/invoices', '/overview']],
    ['object (next[a]=b)', { a: 'b' }],
    ['number', 42],
    ['null', null],
  ];
  it.each(HOSTILE)('refuses %s', (_name, next) => {
    const target = deepLinkTarget(next, SECTIONS);
    expect(target.ok).toBe(false);
  });

  it('matches only the configured sections', () => {
    expect(deepLinkTarget('/invoices/1', ['/usage'])).toMatchObject({ ok: false });
    expect(deepLinkTarget('/usage/1', ['/usage'])).toEqual({ ok: true, path: '/usage/1' });
  });
});

describe('withNext', () => {
  it('replaces only the next pair and keeps the token byte for byte', () => {
    const out = withNext(LINK, '/invoices/inv_1')!;
    expect(out).toBe(LINK.replace('next=/overview', 'next=/invoices/inv_1'));
    expect(new URL(out).searchParams.get('next')).toBe('/invoices/inv_1');
  });

  it('leaves a link without next (the checkout) or with two alone', () => {
    expect(withNext('https://a.customerportal.energy/start?token_hash=x&type=magiclink', '/invoices')).toBeUndefined();
    expect(withNext(`${LINK}&next=/prices`, '/invoices')).toBeUndefined();
  });
});

describe('requestedDeepLink', () => {
  const logger = () => {
    const lines: string[] = [];
    return { lines, warn: (line: string) => void lines.push(line) };
  };

  it('returns an allowed path without logging, and nothing for no next', () => {
    const log = logger();
    expect(requestedDeepLink('/prices', SECTIONS, log, 'rq-1')).toBe('/prices');
    expect(requestedDeepLink(undefined, SECTIONS, log, 'rq-1')).toBeUndefined();
    expect(log.lines).toEqual([]);
  });

  it('logs a refused value on one escaped line, with the request id and the reason', () => {
    const log = logger();
    expect(requestedDeepLink('/x\n[Nest] forged line', SECTIONS, log, 'rq-2')).toBeUndefined();
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toContain('rq-2');
    expect(log.lines[0]).toContain('not under an allowed portal path');
    expect(log.lines[0]).not.toContain('\n');
    expect(log.lines[0]).toContain('/x\\n[Nest] forged line');
  });

  it('cuts a long value and names only the type of a non-text one', () => {
    const log = logger();
    requestedDeepLink(`/${'a'.repeat(5000)}`, SECTIONS, log);
    requestedDeepLink(['/a', '/b'], SECTIONS, log);
    expect(log.lines[0].length).toBeLessThan(400);
    expect(log.lines[1]).toMatch(/next=object$/);
  });

  it('refuses everything when deep links are off', () => {
    const log = logger();
    expect(requestedDeepLink('/overview', [], log)).toBeUndefined();
    expect(log.lines[0]).toContain('deep links are off');
  });
});

describe('resolveDeepLinkPaths', () => {
  const checks = new OptionChecks('portal');
  it('defaults to the documented sections and keeps a configured list', () => {
    expect(resolveDeepLinkPaths(undefined, checks)).toEqual([...SECTIONS]);
    expect(resolveDeepLinkPaths(['/usage', '/usage'], checks)).toEqual(['/usage']);
    expect(resolveDeepLinkPaths([], checks)).toEqual([]);
  });

  it.each([['/'], ['invoices'], ['/invoices/'], ['//x'], ['/a/../b'], ['/Invoices'], ['/a?b'], [42]])(
    'refuses %p, naming the option',
    (path) => {
      expect(() => resolveDeepLinkPaths([path], checks)).toThrow(NomosPortalConfigError);
      expect(() => resolveDeepLinkPaths([path], checks)).toThrow(/portal\.deepLinkPaths/);
    },
  );
});
