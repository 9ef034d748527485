import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { PublicRoute } from './public-route';
import { READINESS_CHECKS, type ResolvedReadinessCheck } from './readiness';

/** Terminus answers 200 when every check is up and 503 with the failing ones otherwise. */
@PublicRoute()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(READINESS_CHECKS) private readonly checks: ResolvedReadinessCheck[],
  ) {}

  /** Liveness checks nothing outside the process: a database outage must not restart every pod. */
  @Get('live')
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  ready() {
    return this.health.check(
      this.checks.map(({ name, probe, timeoutMs }) => () =>
        this.indicators.check(name).attempt(probe).withTimeout(timeoutMs),
      ),
    );
  }
}
