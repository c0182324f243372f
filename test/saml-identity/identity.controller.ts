import { Controller, Get, UseGuards } from '@nestjs/common';
import type { PortalUser } from '../../src/index.js';
import { CurrentPortalUser, SignedInGuard } from '../../src/index.js';

/** A host route that shows the signed-in person as the session holds them, minus the logout details. */
@Controller('identity')
@UseGuards(SignedInGuard)
export class IdentityController {
  @Get()
  identity(@CurrentPortalUser() user: PortalUser): Omit<PortalUser, 'saml'> & { nameID?: string } {
    const { saml, ...rest } = user;
    return { ...rest, nameID: saml?.nameID };
  }
}
