import { Catch, HttpException, HttpStatus, Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import { QueryFailedError } from 'typeorm';
import type { NomosPortalErrorCode } from './error-codes.js';
import { NomosPortalExceptionFilter } from './nomos-portal-exception.filter.js';

// The shared filter as the package's own routes use it: the same table, answers and log lines;
// each says only which of its requests get pages and which foreign errors mean what there.

/**
 * On the portal routes. Only `GET /portal` is a browser navigation: `POST /portal/link` is the
 * JSON API, so its errors are JSON whatever the `Accept` header says.
 */
@Catch()
@Injectable()
export class PortalExceptionFilter extends NomosPortalExceptionFilter {
  protected override readonly area: string = 'portal';

  protected override wantsPage(request: Request): boolean {
    return request.method === 'GET' && super.wantsPage(request);
  }
}

/**
 * On the SAML routes, the ACS and logout included: the IdP's auto-submitting form POST sends
 * `Accept: text/html`, so it gets the page. Refusals are logged where they are found (guards,
 * services); this adds lines only for the unexpected and for the database's failures.
 */
@Catch()
@Injectable()
export class SamlExceptionFilter extends NomosPortalExceptionFilter {
  protected override readonly logger = new Logger('NomosSaml');
  protected override readonly area: string = 'SAML';

  /** The ACS guard's 413 and a failed query of the SAML tables are the two foreign errors here. */
  protected override codeOf(error: unknown): NomosPortalErrorCode {
    if (error instanceof HttpException && error.getStatus() === HttpStatus.PAYLOAD_TOO_LARGE)
      return 'SAML_MESSAGE_TOO_LARGE';
    if (error instanceof QueryFailedError) return 'SAML_STORE_UNAVAILABLE';
    return super.codeOf(error);
  }
}
