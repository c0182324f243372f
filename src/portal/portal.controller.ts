import { Get, HttpCode, Post, Redirect, Req, UseFilters, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { requestIdOf } from '../common/request-id.js';
import { clearStepUp, PortalExceptionFilter } from '../errors/index.js';
import type { MintChannel } from '../magic-links/index.js';
import { MagicLinkService } from '../magic-links/magic-link.service.js';
import type { PortalUser } from '../identity/index.js';
import { SignedInGuard } from '../identity/index.js';
import { DeliberateRequestGuard } from './deliberate-request.guard.js';
import { clientDisconnectSignal } from './client-disconnect.js';

type PortalRequest = Request & { portalUser: PortalUser };

/** `?next=` of `GET /portal`, `next` of the JSON body of `POST /portal/link`. */
function requestedNext(request: PortalRequest, channel: MintChannel): unknown {
  // `query` is Express's; a bare Node request (a host's own adapter) may have none.
  if (channel === 'redirect') return request.query?.next;
  const body: unknown = request.body;
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>).next
    : undefined;
}

/**
 * `GET /portal` redirects the signed-in person to a fresh link; `POST /portal/link` returns it as
 * JSON for mobile webviews. Mounted under the module's `routePrefix`. Only deliberate requests get
 * that far (invariant 8): the first guard refuses prefetches, frames, sub-resources, HEAD and
 * simple or foreign-origin POSTs before anyone is looked up. A deep link (`?next=` on the redirect,
 * `next` in the JSON body) is handed to the service, which allows only `portal.deepLinkPaths`.
 */
@UseGuards(DeliberateRequestGuard, SignedInGuard)
@UseFilters(PortalExceptionFilter)
export class PortalController {
  constructor(private readonly magicLinks: MagicLinkService) {}

  @Get()
  @Redirect()
  async open(@Req() request: PortalRequest): Promise<{ url: string; statusCode: number }> {
    const url = await this.mint(request, 'redirect');
    // Through the assurance gate: a later refusal may send this browser round the IdP once again.
    clearStepUp(request, request.res!);
    return { url, statusCode: 302 };
  }

  @Post('link')
  @HttpCode(200)
  async link(@Req() request: PortalRequest): Promise<{ object: 'magic_link'; link: string }> {
    return { object: 'magic_link', link: await this.mint(request, 'json') };
  }

  private async mint(request: PortalRequest, channel: MintChannel): Promise<string> {
    const minted = await this.magicLinks.mintForUser(request.portalUser, {
      channel,
      clientIp: request.ip,
      userAgent: request.get('user-agent'),
      requestId: requestIdOf(request),
      // Fires when the person disconnects: the Nomos call stops and an unsent link is not `issued`.
      signal: clientDisconnectSignal(request, request.res!),
      // A deep link, raw: the service matches it against `portal.deepLinkPaths`, whatever its type.
      next: requestedNext(request, channel) as string | undefined,
    });
    return minted.link;
  }
}
