import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import type { PortalHealthThresholds } from '../../src/index.js';
import { NomosPortalHealthIndicator } from '../../src/index.js';

/** The thresholds the next health check uses; a suite sets them per test. */
export const healthThresholds: PortalHealthThresholds = {};

/** A host's terminus health route, as the README shows it. */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(NomosPortalHealthIndicator) private readonly portal: NomosPortalHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check(this.portal.checks(healthThresholds));
  }
}
