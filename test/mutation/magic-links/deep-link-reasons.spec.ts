// Found by `npm run test:mutation`: each refusal of a deep link gives its own reason (the hostile
// table only asked for a refusal), the limits sit exactly where they are documented, and the
// option check names what it refuses.
import { OptionChecks } from '../../../src/common/option-checks.js';
import { resolveDeepLinkPaths } from '../../../src/magic-links/deep-link.options.js';
import { deepLinkTarget, requestedDeepLink, withNext } from '../../../src/magic-links/deep-link.js';

const SECTIONS = ['/invoices', '/overview'];
const reasonOf = (next: unknown, sections: readonly string[] = SECTIONS) => {
  const target = deepLinkTarget(next, sections);
  return target.ok ? `allowed ${target.path}` : target.reason;
};
const id = (length: number) => 'a'.repeat(length);

describe('deepLinkTarget reasons', () => {
  it.each([
    ['a number', 42, 'not a single text value'],
    ['an array', ['/invoices'], 'not a single text value'],
    ['empty', '', 'empty or over 200 characters'],
    ['no leading slash', 'invoices', 'not a path starting with one "/"'],
    ['two leading slashes', '//invoices', 'not a path starting with one "/"'],
    ['another section', '/admin', 'not under an allowed portal path'],
    ['a section name run on', '/invoicesx', 'not under an allowed portal path'],
    ['three ids', '/invoices/a/b/c', 'too many segments'],
    ['a trailing slash', '/invoices/', 'a segment outside [A-Za-z0-9_-]'],
    ['a colon', '/invoices/a:b', 'a segment outside [A-Za-z0-9_-]'],
    ['an id of 65 characters', `/invoices/${id(65)}`, 'a segment outside [A-Za-z0-9_-]'],
    ['a bad second id', '/invoices/a/b.c', 'a segment outside [A-Za-z0-9_-]'],
  ])('refuses %s: %p', (_case, next, reason) => {
    expect(reasonOf(next)).toBe(reason);
  });

  it.each([
    ['the section itself', '/invoices'],
    ['a second allowed section', '/overview/x'],
    ['two ids of 64 characters', `/invoices/${id(64)}/${id(64)}`],
    ['ids of every allowed character', '/invoices/AZaz09_-/x'],
  ])('allows %s', (_case, next) => {
    expect(reasonOf(next)).toBe(`allowed ${next}`);
  });

  it('takes 200 characters and refuses 201', () => {
    // The ids are capped at 2 × 64, so only a long section reaches the length limit.
    const section = `/${'s'.repeat(69)}`;
    const at200 = `${section}/${id(64)}/${id(64)}`;
    expect(at200).toHaveLength(200);
    expect(reasonOf(at200, [section])).toBe(`allowed ${at200}`);
    const longer = `/${'s'.repeat(70)}`;
    expect(reasonOf(`${longer}/${id(64)}/${id(64)}`, [longer])).toBe('empty or over 200 characters');
  });
});

describe('requestedDeepLink log line', () => {
  const logger = () => {
    const lines: string[] = [];
    return { lines, warn: (line: string) => void lines.push(line) };
  };

  it('gives the request id (or "-"), the reason and the value or its type', () => {
    const log = logger();
    requestedDeepLink('/admin', SECTIONS, log, 'rq-7');
    requestedDeepLink('/admin', SECTIONS, log);
    requestedDeepLink(7, SECTIONS, log, 'rq-8');
    requestedDeepLink('/invoices', [], log, 'rq-9');
    expect(log.lines).toEqual([
      'request rq-7: deep link ignored (not under an allowed portal path): next=/admin',
      'request -: deep link ignored (not under an allowed portal path): next=/admin',
      'request rq-8: deep link ignored (not a single text value): next=number',
      'request rq-9: deep link ignored (deep links are off): next=/invoices',
    ]);
  });
});

describe('withNext', () => {
  const base = 'https://a.customerportal.energy/auth/confirm';

  it('replaces a next pair wherever it stands, leaving pairs that only start with "next"', () => {
    expect(withNext(`${base}?next=/overview&token_hash=t&nextStep=1`, '/invoices')).toBe(
      `${base}?next=/invoices&token_hash=t&nextStep=1`,
    );
    expect(withNext(`${base}?nextStep=1&token_hash=t`, '/invoices')).toBeUndefined();
  });
});

describe('resolveDeepLinkPaths refusals', () => {
  const checks = new OptionChecks('portal');
  const messageOf = (raw: unknown) => {
    try {
      resolveDeepLinkPaths(raw, checks);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('expected a refusal');
  };

  it('says what a path must look like, quoting the bad one, and what the option must be', () => {
    expect(messageOf(['/invoices', '/Bad'])).toContain(
      'contains "/Bad": use portal paths such as "/invoices" (lower-case letters, digits, "-" and "_", ' +
        '1 to 4 segments, no trailing "/", no query)',
    );
    expect(messageOf('/invoices')).toContain('must be an array of portal paths such as "/invoices"');
  });

  it('takes up to four segments of up to 64 characters', () => {
    const segment = `/a${'b'.repeat(63)}`;
    expect(resolveDeepLinkPaths([segment.repeat(4)], checks)).toEqual([segment.repeat(4)]);
    expect(() => resolveDeepLinkPaths([segment.repeat(5)], checks)).toThrow('portal.deepLinkPaths');
    expect(() => resolveDeepLinkPaths([`/a${'b'.repeat(64)}`], checks)).toThrow('portal.deepLinkPaths');
    expect(resolveDeepLinkPaths(['/0-_x'], checks)).toEqual(['/0-_x']);
    expect(() => resolveDeepLinkPaths(['/-x'], checks)).toThrow('portal.deepLinkPaths');
  });
});
