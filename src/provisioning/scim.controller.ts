import { Body, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isUrlHost } from '../common/url-host.js';
import { readListQuery, toListResponse } from './scim-list.js';
import { ScimExceptionFilter } from './scim-exception.filter.js';
import { resourceTypes, schemas, serviceProviderConfig } from './scim-service-provider-config.js';
import type { ScimUserRecord } from './scim-user.js';
import { toScimUser } from './scim-user.js';
import { ScimUsersService } from './scim-users.service.js';

/**
 * SCIM 2.0 Users (RFC 7644), as Entra ID's and Okta's provisioning services use it. Mounted by the
 * module under `scimRoutePrefix` (default `scim/v2`) with the bearer-token gate in front; a thin
 * adapter over {@link ScimUsersService}.
 */
@UseFilters(ScimExceptionFilter)
export class ScimController {
  constructor(private readonly users: ScimUsersService) {}

  @Get('ServiceProviderConfig')
  config(@Req() request: Request, @Res() response: Response): void {
    send(response, 200, serviceProviderConfig(baseUrlOf(request)));
  }

  @Get('ResourceTypes')
  resourceTypes(@Req() request: Request, @Res() response: Response): void {
    send(response, 200, resourceTypes(baseUrlOf(request)));
  }

  @Get('Schemas')
  schemas(@Req() request: Request, @Res() response: Response): void {
    send(response, 200, schemas(baseUrlOf(request)));
  }

  @Get('Users')
  async list(@Query() query: unknown, @Req() request: Request, @Res() response: Response): Promise<void> {
    const asked = readListQuery(query);
    const { items, total } = await this.users.list(asked);
    const base = baseUrlOf(request);
    send(
      response,
      200,
      toListResponse(
        items.map((user) => toScimUser(user, base)),
        total,
        asked.startIndex,
      ),
    );
  }

  @Get('Users/:id')
  async get(@Param('id') id: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    sendUser(request, response, 200, await this.users.get(id));
  }

  @Post('Users')
  async create(@Body() body: unknown, @Req() request: Request, @Res() response: Response): Promise<void> {
    sendUser(request, response, 201, await this.users.create(body));
  }

  @Put('Users/:id')
  async replace(@Param('id') id: string, @Body() body: unknown, @Req() request: Request, @Res() response: Response) {
    sendUser(request, response, 200, await this.users.replace(id, body));
  }

  @Patch('Users/:id')
  async patch(@Param('id') id: string, @Body() body: unknown, @Req() request: Request, @Res() response: Response) {
    sendUser(request, response, 200, await this.users.patch(id, body));
  }

  @Delete('Users/:id')
  @HttpCode(204)
  async remove(@Param('id') id: string): Promise<void> {
    await this.users.remove(id);
  }
}

function send(response: Response, status: number, body: unknown): void {
  response.status(status).type('application/scim+json').send(JSON.stringify(body));
}

function sendUser(request: Request, response: Response, status: number, user: ScimUserRecord): void {
  const resource = toScimUser(user, baseUrlOf(request));
  response.setHeader('ETag', resource.meta.version);
  if (status === 201) response.setHeader('Location', resource.meta.location);
  send(response, status, resource);
}

/**
 * The endpoint's absolute address, for `meta.location`: from the request as Express reads it (behind a
 * trusted proxy, the forwarded protocol and host), or a relative one when the Host is not a host.
 */
function baseUrlOf(request: Request): string {
  const path =
    request.baseUrl + request.path.replace(/\/(Users(\/[^/]*)?|ServiceProviderConfig|ResourceTypes|Schemas)$/, '');
  const host = request.host;
  return isUrlHost(host, { port: true }) ? `${request.protocol}://${host}${path}` : path;
}
