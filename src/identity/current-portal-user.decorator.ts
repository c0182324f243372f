import type { ExecutionContext, PipeTransform, Type } from '@nestjs/common';
import { createParamDecorator } from '@nestjs/common';
import { NomosPortalArgumentError } from '../errors/index.js';
import type { PortalUser } from './portal-user.js';

// Written out rather than inferred: the inferred type names Nest 12's ParameterDecoratorOptions,
// which @nestjs/common 11 does not export, and the declaration would not compile in a Nest 11 host.
type CurrentPortalUserDecorator = (
  ...dataOrPipes: (keyof PortalUser | PipeTransform | Type<PipeTransform> | undefined)[]
) => ParameterDecorator;

/**
 * The signed-in person on a route guarded by `SignedInGuard` (`request.portalUser`), or one of
 * their properties. Not named `PortalUser` like the type: a value of that name would be emitted as
 * the parameter's `design:paramtypes` by transpile-only builds (SWC, esbuild, isolated ts-jest),
 * which pipes such as a `ValidationPipe` with `validateCustomDecorators` then treat as a class.
 * @example me(@CurrentPortalUser() user: PortalUser) {} · email(@CurrentPortalUser('email') email?: string) {}
 * @throws NomosPortalArgumentError on a route without `SignedInGuard` (a set-up mistake: answered 500)
 */
export const CurrentPortalUser: CurrentPortalUserDecorator = createParamDecorator(
  (property: keyof PortalUser | undefined, context: ExecutionContext): unknown => {
    const user = context.switchToHttp().getRequest<{ portalUser?: PortalUser }>().portalUser;
    if (!user) {
      throw new NomosPortalArgumentError(
        '@CurrentPortalUser() needs SignedInGuard on the route (request.portalUser is not set)',
      );
    }
    return property === undefined ? user : user[property];
  },
);
