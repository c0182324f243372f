import { Controller, Get, UseGuards } from '@nestjs/common';
import type { PortalUser } from '../../src/index.js';
import { CurrentPortalUser, SignedInGuard } from '../../src/index.js';

/**
 * A host's own routes, guarded by the package's SignedInGuard with no filter of the host's: the
 * module answers the guard's refusals on every route.
 */
@Controller('account')
@UseGuards(SignedInGuard)
export class AccountController {
  @Get('me')
  me(@CurrentPortalUser() user: PortalUser): { id: string; email?: string; displayName?: string } {
    return { id: user.id, email: user.email, displayName: user.displayName };
  }

  @Get('email')
  email(@CurrentPortalUser('email') email: PortalUser['email']): { email?: string } {
    return { email };
  }
}

/** A host route that reads the person but forgot the guard: a set-up mistake, answered 500. */
@Controller('unguarded')
export class UnguardedController {
  @Get()
  me(@CurrentPortalUser() user: PortalUser): string {
    return user.id;
  }
}

/** What a browser's navigation sends as `Accept`. */
export const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
