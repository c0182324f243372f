import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InvalidPortalUserError, PortalAccessDeniedError, SignInRequiredError } from './identity.errors.js';
import type { PortalUser, PortalUserResolver } from './portal-user.js';
import { PORTAL_USER_RESOLVER } from './portal-user.js';
import { toPortalUser } from './portal-user-id.js';

/**
 * Lets a request through only when the resolver finds a signed-in person, and puts that person on
 * `request.portalUser` (read it with `@CurrentPortalUser()`). Usable on any route of the host: the
 * module answers its errors everywhere (401 JSON or a sign-in redirect, 403, 400), as on its own
 * routes. Subclass and override `getRequest`/`handleUser` to adapt.
 * @example @UseGuards(SignedInGuard) on a host controller in a module that imports NomosPortalModule
 */
@Injectable()
export class SignedInGuard implements CanActivate {
  private readonly logger = new Logger('NomosPortal');

  constructor(@Inject(PORTAL_USER_RESOLVER) private readonly resolver: PortalUserResolver) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = this.getRequest(context);
    const user = this.handleUser(this.checked(await this.resolver.resolve(request)));
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

  // The refusal is a set-up mistake of the host (its sign-in or resolver): said once per request,
  // with the id's type, never its value.
  private checked(found: PortalUser | undefined): PortalUser | undefined {
    try {
      return toPortalUser(found);
    } catch (error) {
      if (error instanceof InvalidPortalUserError) {
        this.logger.warn(
          `signed-in person refused: the sign-in gave an id of type ${error.idType}; ` +
            'give people a string or whole-number id (or set portal.resolveUser)',
        );
      }
      throw error;
    }
  }
}
