import type { ArgumentsHost } from '@nestjs/common';
import { Catch, Injectable } from '@nestjs/common';
import { NomosPortalExceptionFilter } from '../errors/index.js';
import { InvalidPortalUserError, PortalAccessDeniedError, SignInRequiredError } from './identity.errors.js';

/**
 * Answers `SignedInGuard`'s refusals on every route, the host's own included, from the same table
 * as the package's routes: 401 JSON or a redirect to `portal.loginPath?returnTo=…` for a browser
 * GET (the 401 page without a login path), 403 `NO_PORTAL_ACCESS`, 400 `INVALID_USER`. The module
 * registers it globally (`APP_FILTER`). It catches only these three errors, and Nest asks a route's
 * own filters first, so the package's routes and a host's filters keep their answers.
 */
@Catch(SignInRequiredError, PortalAccessDeniedError, InvalidPortalUserError)
@Injectable()
export class SignedInExceptionFilter extends NomosPortalExceptionFilter {
  // Only an HTTP request gets an HTTP answer; elsewhere (GraphQL, RPC) Nest handles the error.
  override catch(error: unknown, host: ArgumentsHost): unknown {
    if (host.getType() !== 'http') return error;
    super.catch(error, host);
    return undefined;
  }
}
