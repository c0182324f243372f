import { createHash } from 'node:crypto';
import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
// Types only: @nestjs/throttler 6 is CommonJS and `require`s the ESM-only @nestjs/common 12, which
// Node >= 20.19 allows but Jest's module runtime cannot load; its storage contract is what matters.
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { SamlRateLimitedError } from './saml.errors.js';
import { clientBucketOf } from './saml-rate-limit.storage.js';
import type { ResolvedSamlOptions } from './saml.options.js';
import { SAML_OPTIONS } from './saml.options.js';

/** Token of the storage the SAML rate limits count in (the host's, or one in process memory). */
export const SAML_RATE_LIMIT_STORAGE = Symbol('NOMOS_SAML_RATE_LIMIT_STORAGE');

/**
 * Per-client-IP limits on the SAML routes, counted in a `@nestjs/throttler` `ThrottlerStorage` so
 * any of its shared stores (e.g. Redis) lets a fleet count together. Our own guard rather than
 * `ThrottlerModule`, which is `@Global()`: importing it would hand our limits to every
 * `ThrottlerGuard` in the host app. Each route has its own bucket per client (`req.ip`, so
 * Express's `trust proxy` decides which address that is; IPv6 clients by /64).
 */
@Injectable()
export class SamlRateLimitGuard implements CanActivate {
  constructor(
    @Inject(SAML_OPTIONS) private readonly saml: ResolvedSamlOptions,
    @Inject(SAML_RATE_LIMIT_STORAGE) private readonly storage: ThrottlerStorage,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const limits = this.saml.rateLimit;
    if (limits === false) return true;
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    const key = this.keyOf(context, clientBucketOf(request.ip));
    const record = await this.storage.increment(key, limits.ttlMs, limits.limit, limits.ttlMs, 'nomos-saml');
    if (record.isBlocked) throw new SamlRateLimitedError(Math.max(1, Math.ceil(record.timeToBlockExpire)));
    response.setHeader('X-RateLimit-Limit', limits.limit);
    response.setHeader('X-RateLimit-Remaining', Math.max(0, limits.limit - record.totalHits));
    return true;
  }

  /** One bucket per route and client; hashed, so a shared store never holds client addresses. */
  protected keyOf(context: ExecutionContext, client: string): string {
    return createHash('sha256').update(`nomos-saml:${context.getHandler().name}:${client}`).digest('hex');
  }
}
