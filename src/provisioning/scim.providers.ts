import type { Provider } from '@nestjs/common';
import type { RequestHandler } from 'express';
import { scimRequestGate } from './scim-request-gate.js';
import { ScimUsersService } from './scim-users.service.js';
import type { ResolvedScimOptions } from './scim.options.js';
import { SCIM_OPTIONS } from './scim.options.js';

/** Token of the middleware in front of the SCIM routes: the bearer gate and the body reader; empty without SCIM. */
export const SCIM_GATE_MIDDLEWARE = Symbol('NOMOS_SCIM_GATE_MIDDLEWARE');

/** The provisioning part's providers; they read {@link SCIM_OPTIONS}, the root's slice. */
export function scimProviders(): Provider[] {
  return [
    ScimUsersService,
    {
      provide: SCIM_GATE_MIDDLEWARE,
      inject: [SCIM_OPTIONS],
      useFactory: (scim: ResolvedScimOptions): RequestHandler[] => [scimRequestGate(scim.bearerTokens)],
    },
  ];
}
