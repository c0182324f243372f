import { Controller, Get, Header, Inject, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuditService, InvalidAuditQueryError } from '../../src/index.js';
import { auditPage } from './audit-page.js';
import { messagePage } from './message-page.js';
import { signedInUser, signInUrl } from './signed-in-user.js';

/** Injection token of the audit page size. */
export const AUDIT_PAGE_SIZE = Symbol('AUDIT_PAGE_SIZE');

/** `GET /audit[?after=cursor]`: the latest mints, for admins only. */
@Controller('audit')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    @Inject(AUDIT_PAGE_SIZE) private readonly pageSize: number,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async list(@Req() request: Request, @Res() response: Response, @Query('after') after?: unknown): Promise<void> {
    const user = signedInUser(request);
    if (!user) return response.redirect(302, signInUrl(request.originalUrl));
    response.type('html');
    if (!user.isAdmin) {
      response.status(403).send(messagePage('Admins only', 'The audit trail is only open to administrators.', user));
      return;
    }
    const cursor = typeof after === 'string' && after !== '' ? after : undefined;
    try {
      const page = await this.audit.query({ limit: this.pageSize, after: cursor });
      response.send(auditPage(user, page, cursor !== undefined));
    } catch (error) {
      if (!(error instanceof InvalidAuditQueryError)) throw error;
      response.status(400).send(messagePage('Unknown page', 'This page of the audit trail does not exist.', user));
    }
  }
}
