// Found by `npm run test:mutation`: each navigation rule (invariant 8) on its own, with its reason,
// and the response headers every portal answer carries. The request and response are small fakes
// of the few Express members these functions read.
import type { NextFunction, Request, Response } from 'express';
import { ownOrigin, refuseUnlessApiRequest, refuseUnlessNavigation } from '../../../src/portal/navigation-check.js';
import { PortalRequestRefusedError } from '../../../src/portal/portal-request-refused.error.js';
import { requestIdOf } from '../../../src/common/request-id.js';
import { portalResponseHeaders } from '../../../src/portal/portal-request.js';

const request = (method: string, headers: Record<string, string> = {}, host = 'app.example', protocol = 'https') => {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { method, host, protocol, get: (name: string) => lower[name.toLowerCase()] } as unknown as Request;
};
const refusal = (found: PortalRequestRefusedError | undefined) => found && [found.code, found.reason, found.status];

describe('GET /portal: only a deliberate navigation', () => {
  it.each([
    [{ 'Sec-Purpose': 'prefetch;prerender' }],
    [{ Purpose: ' Prefetch ' }],
    [{ 'X-Purpose': 'preview' }],
    [{ 'X-Moz': 'prefetch' }],
    [{ 'Sec-Purpose': 'anonymous-client-ip, prefetch' }],
    [{ 'Sec-Purpose': 'x prerender' }],
  ])('answers %j as a speculative load (204)', (headers) => {
    expect(refusal(refuseUnlessNavigation(request('GET', headers)))).toEqual([
      'SPECULATIVE_LOAD',
      'a prefetch or prerender',
      204,
    ]);
  });

  it('lets through purposes that are not speculative, and a plain GET', () => {
    expect(refuseUnlessNavigation(request('GET', { 'Sec-Purpose': 'prefetchx' }))).toBeUndefined();
    expect(
      refuseUnlessNavigation(request('GET', { 'Sec-Fetch-Dest': ' Document ', 'Sec-Fetch-Mode': 'NAVIGATE' })),
    ).toBeUndefined();
    expect(refuseUnlessNavigation(request('GET'))).toBeUndefined();
  });

  it('refuses HEAD, frames and scripts, each with its reason (403)', () => {
    expect(refusal(refuseUnlessNavigation(request('HEAD')))).toEqual([
      'NOT_A_NAVIGATION',
      'only a GET navigates (HEAD never mints)',
      403,
    ]);
    expect(refusal(refuseUnlessNavigation(request('GET', { 'Sec-Fetch-Dest': 'iframe' })))).toEqual([
      'NOT_A_NAVIGATION',
      'Sec-Fetch-Dest is not document',
      403,
    ]);
    expect(refusal(refuseUnlessNavigation(request('GET', { 'Sec-Fetch-Mode': 'cors' })))).toEqual([
      'NOT_A_NAVIGATION',
      'Sec-Fetch-Mode is not navigate',
      403,
    ]);
  });

  it('words the error with its code and reason', () => {
    expect(new PortalRequestRefusedError('NOT_A_NAVIGATION', 'why').message).toBe(
      'Portal request refused (NOT_A_NAVIGATION): why',
    );
  });
});

describe('POST /portal/link: only a non-simple request from an allowed origin', () => {
  const json = { 'Content-Type': 'Application/JSON; charset=utf-8' };

  it('accepts JSON or the portal header, same-origin or listed', () => {
    expect(refuseUnlessApiRequest(request('POST', json), [])).toBeUndefined();
    expect(
      refuseUnlessApiRequest(request('POST', { 'Content-Type': 'application/json ; charset=utf-8' }), []),
    ).toBeUndefined();
    expect(
      refuseUnlessApiRequest(request('POST', { 'X-Nomos-Portal': '1', 'Content-Type': 'text/plain' }), []),
    ).toBeUndefined();
    expect(
      refuseUnlessApiRequest(
        request('POST', {
          ...json,
          'Sec-Fetch-Mode': 'cors',
          'Sec-Fetch-Dest': 'empty',
          Origin: 'https://app.example',
        }),
        [],
      ),
    ).toBeUndefined();
    expect(
      refuseUnlessApiRequest(request('POST', { ...json, Origin: 'https://m.example' }), ['https://m.example']),
    ).toBeUndefined();
  });

  it('refuses a simple request, even with a blank portal header', () => {
    const reason = ['NOT_AN_API_REQUEST', 'needs Content-Type: application/json or X-Nomos-Portal', 403];
    expect(refusal(refuseUnlessApiRequest(request('POST', { 'Content-Type': 'text/plain' }), []))).toEqual(reason);
    expect(refusal(refuseUnlessApiRequest(request('POST', { 'X-Nomos-Portal': '  ' }), []))).toEqual(reason);
  });

  it.each([[{ 'Sec-Fetch-Mode': 'navigate' }], [{ 'Sec-Fetch-Mode': 'no-cors' }], [{ 'Sec-Fetch-Dest': 'document' }]])(
    'refuses %j as a form or no-cors load',
    (headers) => {
      expect(refusal(refuseUnlessApiRequest(request('POST', { ...json, ...headers }), []))).toEqual([
        'NOT_AN_API_REQUEST',
        'a navigation or no-cors request',
        403,
      ]);
    },
  );

  it('refuses a foreign origin', () => {
    expect(
      refusal(
        refuseUnlessApiRequest(request('POST', { ...json, Origin: 'https://evil.example' }), ['https://m.example']),
      ),
    ).toEqual(['CROSS_ORIGIN_REQUEST', 'Origin is neither the app nor in portal.allowedOrigins', 403]);
  });
});

describe('ownOrigin', () => {
  it('builds the origin from protocol and Host', () => {
    expect(ownOrigin(request('GET', {}, 'App.Example:8443'))).toBe('https://app.example:8443');
    expect(ownOrigin(request('GET', {}, '[::1]:3000', 'http'))).toBe('http://[::1]:3000');
    expect(ownOrigin(request('GET', {}, '10.0.0.1', 'http'))).toBe('http://10.0.0.1');
  });

  it.each([[''], ['a b'], ['a/b'], ['x.example:123456'], ['evil.example@app.example'], ['[zz]']])(
    'has none for Host %j',
    (host) => {
      expect(ownOrigin(request('GET', {}, host))).toBeUndefined();
    },
  );
});

describe('portal response headers', () => {
  const respond = (incoming?: string, hostPolicy?: string | string[]) => {
    const headers = new Map<string, unknown>(hostPolicy === undefined ? [] : [['content-security-policy', hostPolicy]]);
    const response = {
      setHeader: (n: string, v: unknown) => headers.set(n.toLowerCase(), v),
      getHeader: (n: string) => headers.get(n.toLowerCase()),
    };
    const req = request('GET', incoming === undefined ? {} : { 'X-Request-Id': incoming });
    let nexted = 0;
    portalResponseHeaders(req, response as unknown as Response, (() => nexted++) as NextFunction);
    return { headers, id: requestIdOf(req), nexted };
  };

  it('keeps a caller request id of 8 to 128 safe characters, else makes one', () => {
    expect(respond('abc.1:2-').id).toBe('abc.1:2-');
    expect(respond('r'.repeat(128)).id).toBe('r'.repeat(128));
    for (const bad of [
      'abc1234',
      'r'.repeat(129),
      'abcd\r\n1234',
      'abcd 1234',
      ` ${'a'.repeat(10)}`,
      `${'a'.repeat(10)}!`,
    ]) {
      expect(respond(bad).id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
  });

  it('sets the no-store, no-referrer and no-framing headers, adding to a host policy', () => {
    const plain = respond();
    expect(Object.fromEntries(plain.headers)).toEqual({
      'x-request-id': plain.id,
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'content-security-policy': ["frame-ancestors 'none'"],
    });
    expect(plain.nexted).toBe(1);
    expect(respond(undefined, "default-src 'self'").headers.get('content-security-policy')).toEqual([
      "default-src 'self'",
      "frame-ancestors 'none'",
    ]);
    expect(respond(undefined, ['a', 'b']).headers.get('content-security-policy')).toEqual([
      'a',
      'b',
      "frame-ancestors 'none'",
    ]);
  });
});
