import { Catch, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { QueryFailedError } from 'typeorm';
import type { NomosPortalErrorCode } from '../errors/index.js';
import { NomosPortalExceptionFilter } from '../errors/index.js';

/**
 * On the admin routes: the package's one error table, JSON for the API (a browser's GET that must
 * sign in is still redirected to the login route). A failed query is the database, not a bug.
 */
@Catch()
@Injectable()
export class AdminExceptionFilter extends NomosPortalExceptionFilter {
  protected override readonly area: string = 'admin';

  protected override wantsPage(request: Request): boolean {
    return request.method === 'GET' && super.wantsPage(request);
  }

  protected override codeOf(error: unknown): NomosPortalErrorCode {
    if (error instanceof QueryFailedError) return 'DATABASE_UNAVAILABLE';
    if (error instanceof HttpException && error.getStatus() === HttpStatus.PAYLOAD_TOO_LARGE)
      return 'ADMIN_IMPORT_TOO_LARGE';
    return super.codeOf(error);
  }
}
