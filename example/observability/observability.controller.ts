import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import type { Request, Response } from 'express';
import { NomosPortalHealthIndicator } from '../../src/index.js';
import { examplePrometheus } from './example-metrics.js';

/**
 * `GET /health` (terminus, every check of the portal's indicator: 200 when all are up, 503 naming
 * the one that is down) and `GET /metrics` (Prometheus text). In production serve both on an
 * internal port or behind the load balancer's private listener: they are for monitors, not people.
 */
@Controller()
export class ObservabilityController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(NomosPortalHealthIndicator) private readonly portal: NomosPortalHealthIndicator,
  ) {}

  @Get('health')
  // @HealthCheck() also sends `Cache-Control: no-cache, no-store` (a monitor must never see a cached answer).
  @HealthCheck()
  check() {
    return this.health.check(this.portal.checks());
  }

  @Get('metrics')
  metrics(@Req() request: Request, @Res() response: Response): void {
    examplePrometheus().getMetricsRequestHandler(request, response);
  }
}
