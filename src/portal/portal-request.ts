import type { NextFunction, Request, Response } from 'express';
import { adoptRequestId, requestIdOf } from '../common/request-id.js';

/**
 * Middleware for every portal route: a request id on every answer, the headers that keep a link
 * (a credential) out of caches and out of the `Referer` sent to the portal (invariant 2), and,
 * beside the navigation checks (invariant 8), a refusal to be framed by anyone: `X-Frame-Options`
 * for old browsers, `frame-ancestors` as an extra policy that leaves a host's own CSP in force.
 */
export function portalResponseHeaders(request: Request, response: Response, next: NextFunction): void {
  adoptRequestId(request, request.get('x-request-id'));
  response.setHeader('X-Request-Id', requestIdOf(request));
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('X-Frame-Options', 'DENY');
  const hostPolicy = response.getHeader('Content-Security-Policy');
  const hostPolicies = hostPolicy === undefined ? [] : Array.isArray(hostPolicy) ? hostPolicy : [String(hostPolicy)];
  response.setHeader('Content-Security-Policy', [...hostPolicies, "frame-ancestors 'none'"]);
  next();
}
