// Found by `npm run test:mutation`: which check the guard applies to which method, and that a
// refusal is thrown, not returned. The execution context is a small fake of the one call it makes.
import type { ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { DeliberateRequestGuard } from '../../../src/portal/deliberate-request.guard.js';
import { PortalRequestRefusedError } from '../../../src/portal/portal-request-refused.error.js';

const guard = new DeliberateRequestGuard({ allowedOrigins: ['https://m.example'] } as never);
const context = (method: string, headers: Record<string, string> = {}) => {
  const request = {
    method,
    host: 'app.example',
    protocol: 'https',
    get: (name: string) => headers[name.toLowerCase()],
  } as unknown as Request;
  return { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
};
const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PortalRequestRefusedError);
    return (error as PortalRequestRefusedError).code;
  }
  return 'allowed';
};

describe('DeliberateRequestGuard', () => {
  it('checks GET and HEAD as navigations', () => {
    expect(guard.canActivate(context('GET'))).toBe(true);
    expect(codeOf(() => guard.canActivate(context('HEAD')))).toBe('NOT_A_NAVIGATION');
    expect(codeOf(() => guard.canActivate(context('GET', { 'sec-fetch-dest': 'image' })))).toBe('NOT_A_NAVIGATION');
  });

  it('checks anything else as an API request against portal.allowedOrigins', () => {
    expect(codeOf(() => guard.canActivate(context('POST')))).toBe('NOT_AN_API_REQUEST');
    expect(
      guard.canActivate(context('POST', { 'content-type': 'application/json', origin: 'https://m.example' })),
    ).toBe(true);
    expect(
      codeOf(() =>
        guard.canActivate(context('POST', { 'content-type': 'application/json', origin: 'https://x.example' })),
      ),
    ).toBe('CROSS_ORIGIN_REQUEST');
    expect(codeOf(() => guard.canActivate(context('PUT', { 'x-nomos-portal': '1' })))).toBe('allowed');
  });
});
