import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { NomosPortalArgumentError } from '../errors/index.js';
import { samlReasonOf } from './saml-telemetry.js';
import { codeAttribute, requestIdAttribute } from './telemetry-attributes.js';
import { resolveHealthThresholds } from './telemetry.options.js';
import { TELEMETRY_SCOPE } from './telemetry-scope.js';

describe('telemetry scope', () => {
  it('names the tracer and meter after the package, at its version', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { name: string; version: string };
    expect(TELEMETRY_SCOPE).toEqual({ name: pkg.name, version: pkg.version });
  });

  it('loads neither @nestjs/terminus nor an OTel SDK when a host imports the package', () => {
    // A fresh Node process on the compiled CommonJS entry (built by `npm test`'s pretest): every file
    // it loaded is in require.cache afterwards; the ESM entry compiles from the same imports.
    const script = `
      require('./dist/cjs/src/index.js');
      const files = Object.keys(require.cache);
      const loaded = files.filter((f) => /@nestjs[\\/]terminus|@opentelemetry[\\/](?!api)/.test(f));
      const api = files.some((f) => /@opentelemetry[\\/]api/.test(f));
      console.log(JSON.stringify({ loaded, api }));
    `;
    const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({ loaded: [], api: true });
  });
});

describe('attribute values', () => {
  it.each([
    ['SAML_SIGN_IN_REJECTED', 'SAML_SIGN_IN_REJECTED'],
    [undefined, 'NONE'],
    [null, 'NONE'],
    ['lower_case', 'OTHER'],
    ['A'.repeat(65), 'OTHER'],
    ['RATE_LIMITED\nforged=1', 'OTHER'],
    [42, 'OTHER'],
  ])('keeps only an upper-case code: %p → %p', (given, expected) => {
    expect(codeAttribute(given)).toBe(expected);
  });

  it('keeps only request ids in the safe shape', () => {
    expect(requestIdAttribute('req_0123456789')).toBe('req_0123456789');
    expect(requestIdAttribute('short')).toBeUndefined();
    expect(requestIdAttribute('abc def ghi jkl')).toBeUndefined();
  });
});

describe('samlReasonOf', () => {
  const rejected = (reason: string) => ({ code: 'SAML_SIGN_IN_REJECTED', reason });
  it.each([
    ['SAMLResponse contains a DOCTYPE', 'malformed'],
    ['SAMLResponse is larger than 100000 characters', 'too_large'],
    ['Invalid signature', 'signature'],
    ['assertion already used (replay)', 'replay'],
    ['no login in progress for InResponseTo', 'in_response_to'],
    ['SAML assertion audience mismatch. Expected: a Received: b', 'audience'],
    ['Destination is not this ACS', 'destination'],
    ['Issuer is not the configured IdP', 'issuer'],
    ['SAML assertion expired: clocks skewed too much', 'expired'],
    ['Response status is not Success', 'status'],
    ['no usable user id in nameID', 'no_user'],
    ['<script>something else entirely</script>', 'other'],
  ])('%p → %p', (reason, category) => {
    expect(samlReasonOf(rejected(reason))).toBe(category);
  });

  it('reads the busy, rate-limited and oversize refusals from the error, not a message', () => {
    expect(samlReasonOf({ code: 'SAML_LOGIN_BUSY' })).toBe('busy');
    expect(samlReasonOf({ code: 'SAML_RATE_LIMITED' })).toBe('rate_limited');
    expect(samlReasonOf({ getStatus: () => 413 })).toBe('too_large');
    expect(samlReasonOf(undefined)).toBe('other');
  });
});

describe('resolveHealthThresholds', () => {
  it('applies the defaults and keeps given values', () => {
    expect(resolveHealthThresholds()).toEqual({
      tokenCheckCacheMs: 30_000,
      certMinDaysLeft: 14,
      databaseTimeoutMs: 2_000,
    });
    expect(resolveHealthThresholds({ certMinDaysLeft: 3, metadataMaxAgeMs: 5 })).toMatchObject({
      certMinDaysLeft: 3,
      metadataMaxAgeMs: 5,
    });
  });

  it.each([-1, Number.NaN, Infinity, '10'])('refuses %p, naming the threshold', (value) => {
    expect(() => resolveHealthThresholds({ certMinDaysLeft: value as number })).toThrow(NomosPortalArgumentError);
    expect(() => resolveHealthThresholds({ certMinDaysLeft: value as number })).toThrow(/certMinDaysLeft/);
  });
});
