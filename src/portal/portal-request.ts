import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

// Accept a caller's correlation id only in a shape that cannot inject into logs or headers.
const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;
const requestIds = new WeakMap<object, string>();

/** The request id of a portal request (set by {@link portalResponseHeaders}). */
export function requestIdOf(request: object): string {
  let id = requestIds.get(request);
  if (!id) {
    id = randomUUID();
    requestIds.set(request, id);
  }
  return id;
}

/**
 * Middleware for every portal route: a request id on every answer, the headers that keep a link
 * (a credential) out of caches and out of the `Referer` sent to the portal (invariant 2), and,
 * beside the navigation checks (invariant 8), a refusal to be framed by anyone: `X-Frame-Options`
 * for old browsers, `frame-ancestors` as an extra policy that leaves a host's own CSP in force.
 */
export function portalResponseHeaders(request: Request, response: Response, next: NextFunction): void {
  const incoming = request.get('x-request-id');
  if (incoming && REQUEST_ID.test(incoming)) requestIds.set(request, incoming);
  response.setHeader('X-Request-Id', requestIdOf(request));
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('X-Frame-Options', 'DENY');
  const hostPolicy = response.getHeader('Content-Security-Policy');
  const hostPolicies = hostPolicy === undefined ? [] : Array.isArray(hostPolicy) ? hostPolicy : [String(hostPolicy)];
  response.setHeader('Content-Security-Policy', [...hostPolicies, "frame-ancestors 'none'"]);
  next();
}
