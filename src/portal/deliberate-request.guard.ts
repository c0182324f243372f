import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { refuseUnlessApiRequest, refuseUnlessNavigation } from './navigation-check.js';
import type { PortalRequestRefusedError } from './portal-request-refused.error.js';
import type { ResolvedPortalRouteOptions } from './portal.options.js';
import { PORTAL_ROUTE_OPTIONS } from './portal.options.js';

/**
 * Lets through only deliberate requests for a link (invariant 8): a top-level navigation to
 * `GET /portal` (HEAD included, which it refuses), a non-simple same- or allowed-origin
 * `POST /portal/link`. Runs before `SignedInGuard`, so a refused request never looks anyone up.
 * @throws PortalRequestRefusedError
 */
@Injectable()
export class DeliberateRequestGuard implements CanActivate {
  constructor(@Inject(PORTAL_ROUTE_OPTIONS) private readonly options: ResolvedPortalRouteOptions) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const refusal = this.check(request);
    if (refusal) throw refusal;
    return true;
  }

  /** Override to add checks of your own; return the refusal, or `undefined` to let it through. */
  protected check(request: Request): PortalRequestRefusedError | undefined {
    return request.method === 'GET' || request.method === 'HEAD'
      ? refuseUnlessNavigation(request)
      : refuseUnlessApiRequest(request, this.options.allowedOrigins);
  }
}
