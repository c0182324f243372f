import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import { PortalAccessDeniedError, SignInRequiredError } from './identity.errors.js';
import type { PortalUser, PortalUserResolver } from './portal-user.js';
import { PORTAL_USER_RESOLVER } from './portal-user.js';

/**
 * Lets a request through only when the resolver finds a signed-in person, and puts that person on
 * `request.portalUser` for the controller. Subclass and override `getRequest`/`handleUser` to adapt.
 */
@Injectable()
export class SignedInGuard implements CanActivate {
  constructor(@Inject(PORTAL_USER_RESOLVER) private readonly resolver: PortalUserResolver) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = this.getRequest(context);
    const user = this.handleUser(await this.resolver.resolve(request));
    request.portalUser = user;
    return true;
  }

  protected getRequest(context: ExecutionContext): { portalUser?: PortalUser } {
    return context.switchToHttp().getRequest();
  }

  /** @throws SignInRequiredError when there is no user; PortalAccessDeniedError without a portal role. */
  protected handleUser(user: PortalUser | undefined): PortalUser {
    if (!user) throw new SignInRequiredError();
    if (user.portalAccess === false) throw new PortalAccessDeniedError();
    return user;
  }
}
