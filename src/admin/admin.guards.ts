import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { PortalUser } from '../identity/index.js';
import { AdminAccessDeniedError } from './admin.errors.js';
import type { ResolvedAdminOptions } from './admin.options.js';
import { ADMIN_OPTIONS } from './admin.options.js';
import type { AdminBodyType } from './admin-request-check.js';
import { refuseUnlessAdminRequest } from './admin-request-check.js';

const BODY_TYPE = 'nomos-portal:admin-body';

/** Marks a state-changing admin route and the body type it takes (checked by {@link AdminRequestGuard}). */
export const AdminBody = (type: AdminBodyType): MethodDecorator => SetMetadata(BODY_TYPE, type);

/**
 * First guard of the admin routes: refuses what could be a cross-site request forgery (see
 * `refuseUnlessAdminRequest`) before the session is read. Also marks every admin answer
 * `Cache-Control: no-store`: they hold people's ids. Override `check` to add rules.
 * @throws AdminRequestRefusedError
 */
@Injectable()
export class AdminRequestGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(ADMIN_OPTIONS) private readonly options: ResolvedAdminOptions,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    http.getResponse<Response>().setHeader('Cache-Control', 'no-store');
    const body = this.reflector.get<AdminBodyType | undefined>(BODY_TYPE, context.getHandler());
    const refusal = this.check(http.getRequest<Request>(), body);
    if (refusal) throw refusal;
    return true;
  }

  protected check(request: Request, body: AdminBodyType | undefined) {
    return refuseUnlessAdminRequest(request, body, this.options.allowedOrigins);
  }
}

/**
 * After `SignedInGuard`: lets through only a person whose IdP groups (`PortalUser.roles`) include
 * one of `admin.groups`. The role is read from the sign-in on every request, so removing someone
 * from the group at the IdP takes effect at their next sign-in.
 * @throws AdminAccessDeniedError
 */
@Injectable()
export class AdminGroupGuard implements CanActivate {
  constructor(@Inject(ADMIN_OPTIONS) private readonly options: ResolvedAdminOptions) {}

  canActivate(context: ExecutionContext): boolean {
    const user = context.switchToHttp().getRequest<{ portalUser?: PortalUser }>().portalUser;
    if (!this.isAdmin(user)) throw new AdminAccessDeniedError();
    return true;
  }

  protected isAdmin(user: PortalUser | undefined): boolean {
    const roles = Array.isArray(user?.roles) ? user.roles : [];
    return roles.some((role) => typeof role === 'string' && this.options.groups.includes(role));
  }
}
