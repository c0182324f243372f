import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import { Catch, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { ScimError } from './scim-errors.js';
import { sendScimError } from './scim-request-gate.js';

/**
 * Answers every failure of the SCIM routes as a SCIM error body (RFC 7644 §3.12), which is what the
 * IdP's provisioning log shows an administrator. Anything but a {@link ScimError} is a 500 whose
 * detail says nothing of the cause (it may quote query parameters); the cause is logged by name.
 */
@Catch()
export class ScimExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('NomosScim');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof ScimError) {
      sendScimError(response, error);
      return;
    }
    this.logger.error(`SCIM request failed: ${error instanceof Error ? error.name : typeof error}`);
    sendScimError(response, new ScimError(500, undefined, 'The request could not be completed; try again later'));
  }
}
