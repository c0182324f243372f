import {
  Body,
  Delete,
  Get,
  HttpCode,
  Inject,
  Logger,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { logValue } from '../common/log-value.js';
import type { CustomerLink } from '../customer-links/index.js';
import type { PortalUser } from '../identity/index.js';
import { CurrentPortalUser, SignedInGuard } from '../identity/index.js';
import { ADMIN_CORE } from './admin.providers.js';
import type { AdminCore } from './admin-core.js';
import { AdminExceptionFilter } from './admin-exception.filter.js';
import { AdminBody, AdminGroupGuard, AdminRequestGuard } from './admin.guards.js';
import type { ResolvedAdminOptions } from './admin.options.js';
import { ADMIN_OPTIONS } from './admin.options.js';
import type { RawQuery } from './admin-query.js';
import { auditQuery, defined, flag, mappingQuery, text } from './admin-query.js';
import { InvalidAdminRequestError } from './admin.errors.js';
import { exportAudit } from './audit-export.js';
import { AuditVerifier } from './audit-verify.js';
import { cappedBody } from './import-body.js';
import type { ImportMode, ImportSummary } from './import-types.js';
import { exportMappingsCsv, listMappings } from './mapping-export.js';
import { importMappings } from './mapping-import.js';

const CHANNEL = 'admin-api';

/**
 * The admin HTTP API (mounted under `adminRoutePrefix` with the shape option `adminApi: true`). Thin:
 * the guards decide who may call it, the core (`importMappings`, the exports, the part services)
 * does the work. Every change goes through `CustomerLinkService`, so it is in the link history with
 * the admin as actor; every export is logged with the admin's subject.
 */
@UseGuards(AdminRequestGuard, SignedInGuard, AdminGroupGuard)
@UseFilters(AdminExceptionFilter)
export class AdminController {
  private readonly logger = new Logger('NomosAdmin');

  constructor(
    @Inject(ADMIN_CORE) private readonly core: AdminCore,
    @Inject(ADMIN_OPTIONS) private readonly options: ResolvedAdminOptions,
    @Inject(AuditVerifier) private readonly verifier: AuditVerifier,
  ) {}

  /** `GET mappings?issuer&customerId&limit&after`: a keyset page of the mapping table. */
  @Get('mappings')
  async list(@Query() query: RawQuery): Promise<{ items: CustomerLink[]; next: number | null }> {
    return listMappings(this.core.dataSource, defined(mappingQuery(query)));
  }

  /** `GET mappings/:issuer/:subject` (the issuer URL-encoded): the person's link and its history. */
  @Get('mappings/:issuer/:subject')
  async get(@Param('issuer') issuer: string, @Param('subject') subject: string) {
    const person = { issuer, subject };
    const link = await this.core.links.findByUser(person);
    const history = await this.core.links.history({ person, limit: 100 });
    return { link, history: history.items, historyNext: history.next };
  }

  /** `POST mappings` `{ issuer?, subject, customerId, move? }`: links, or with `move: true` relinks. */
  @Post('mappings')
  @AdminBody('application/json')
  async link(@Body() body: unknown, @CurrentPortalUser() admin: PortalUser): Promise<CustomerLink> {
    const given = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const person = { issuer: stringOr(given.issuer, this.core.issuer), subject: given.subject as string };
    const change = { actor: { type: 'admin' as const, id: admin.id }, channel: CHANNEL };
    const customerId = given.customerId as string;
    const link =
      given.move === true
        ? await this.core.links.relink(person, customerId, change)
        : await this.core.links.link(person, customerId, { ...change, source: 'manual', createdBy: admin.id });
    this.logger.log(`admin ${logValue(admin.id)} linked a person (${CHANNEL})`);
    return link;
  }

  /** `DELETE mappings/:issuer/:subject`: removes the person's link. */
  @Delete('mappings/:issuer/:subject')
  @AdminBody('none')
  async unlink(
    @Param('issuer') issuer: string,
    @Param('subject') subject: string,
    @CurrentPortalUser() admin: PortalUser,
  ): Promise<{ removed: boolean }> {
    const removed = await this.core.links.unlink(
      { issuer, subject },
      { actor: { type: 'admin', id: admin.id }, channel: CHANNEL },
    );
    return { removed };
  }

  /**
   * `POST import?dryRun=1&mode=all-or-nothing|report-and-skip`, body `text/csv` (streamed, capped at
   * `admin.maxImportBytes`). 200 with the summary; 422 when all-or-nothing refused the file.
   */
  @Post('import')
  @AdminBody('text/csv')
  async import(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @CurrentPortalUser() admin: PortalUser,
  ): Promise<ImportSummary> {
    const query = request.query as RawQuery;
    const dryRun = flag(query, 'dryRun');
    const mode = (text(query, 'mode') ?? 'all-or-nothing') as ImportMode;
    let body;
    try {
      body = cappedBody(request, this.options.maxImportBytes);
    } catch (error) {
      response.setHeader('Connection', 'close'); // the rest of the body is never read
      throw error;
    }
    const summary = await importMappings(body, this.core, {
      dryRun,
      mode,
      actor: { type: 'admin', id: admin.id },
      channel: CHANNEL,
      maxErrors: this.options.maxImportErrors,
    }).catch((error: unknown) => {
      response.setHeader('Connection', 'close');
      throw error;
    });
    this.logger.log(
      `admin ${logValue(admin.id)} imported mappings (${mode}${dryRun ? ', dry run' : ''}): read ${summary.read}, ` +
        `linked ${summary.linked}, relinked ${summary.relinked}, unchanged ${summary.unchanged}, ` +
        `skipped ${summary.skipped}, applied ${summary.applied}`,
    );
    response.status(!summary.applied && !dryRun ? 422 : 200);
    return summary;
  }

  /** `GET export/mappings.csv`: the mapping table, streamed. */
  @Get('export/mappings.csv')
  async exportMappings(@Query() query: RawQuery, @Res() response: Response, @CurrentPortalUser() admin: PortalUser) {
    const filter = defined(mappingQuery(query));
    delete filter.limit;
    delete filter.after;
    this.logger.log(`admin ${logValue(admin.id)} exported the mappings`);
    response.type('text/csv').attachment('nomos-mappings.csv');
    await exportMappingsCsv(this.core.dataSource, response, filter).catch((error) =>
      this.streamFailed(error, response),
    );
  }

  /** `GET audit?userId&issuer&customerId&outcome&from&to&limit&after`: a page of the audit, newest first. */
  @Get('audit')
  audit(@Query() query: RawQuery) {
    return this.core.audit.query(defined(auditQuery(query)));
  }

  /** `GET audit/verify`: the hash chain checked on its own (`ok`, `firstBad` naming the first bad row). */
  @Get('audit/verify')
  verifyChain() {
    return this.verifier.verify();
  }

  /** `POST audit/verify` `{ checkpoint }`: the chain checked against the last checkpoint from the sink. */
  @Post('audit/verify')
  @HttpCode(200)
  @AdminBody('application/json')
  verifyAgainst(@Body() body: unknown) {
    return this.verifier.verify(body ?? {});
  }

  /** `GET export/audit.csv` and `GET export/audit.jsonl` with the filters of `GET audit`, streamed. */
  @Get('export/audit.:format')
  async exportAudit(
    @Param('format') format: string,
    @Query() query: RawQuery,
    @Res() response: Response,
    @CurrentPortalUser() admin: PortalUser,
  ) {
    if (format !== 'csv' && format !== 'jsonl')
      throw new InvalidAdminRequestError('format', 'export audit.csv or audit.jsonl');
    const { limit: _limit, after: _after, ...filter } = defined(auditQuery(query));
    // Checks the filter before the headers go out, so a bad one is a clean 400.
    await this.core.audit.query({ ...filter, limit: 1 });
    this.logger.log(`admin ${logValue(admin.id)} exported the audit (${format})`);
    response.type(format === 'csv' ? 'text/csv' : 'application/x-ndjson').attachment(`nomos-audit.${format}`);
    await exportAudit(this.core.audit, format, response, filter).catch((error) => this.streamFailed(error, response));
  }

  // Once the first bytes are out the status cannot change: a failure mid-stream cuts the response
  // short (the client sees a truncated download, never a well-formed but incomplete file's end).
  private streamFailed(error: unknown, response: Response): void {
    if (!response.headersSent) throw error;
    if (!response.destroyed) {
      this.logger.warn(`admin export stopped: ${(error as Error).name}`);
      response.destroy();
    }
  }
}

function stringOr(value: unknown, fallback: string): string {
  return value === undefined || value === null ? fallback : (value as string);
}
