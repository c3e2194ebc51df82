import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { Response } from 'express';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { sql } from 'kysely';
import { PLATFORM, Platform, withTimeout } from '../../../../libs/platform/src';
import { Public } from '../auth/auth.guard';

// Each dependency answers within a bound, so /health itself never hangs when one is down.
const CHECK_TIMEOUT_MS = 3_000;

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(PLATFORM) private readonly platform: Platform,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Reports each dependency: read store, event store and job queue' })
  async check(@Res({ passthrough: true }) response: Response) {
    try {
      return await this.health.check([() => this.database(), () => this.eventStore(), () => this.jobs()]);
    } catch (error) {
      // Terminus reports a down dependency as a 503 exception carrying the full report; answer with the report.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response.status(503);
      return error.getResponse();
    }
  }

  private async probe(key: string, details: Record<string, unknown>, run: () => Promise<unknown>): Promise<HealthIndicatorResult> {
    const indicator = this.indicator.check(key);
    try {
      await withTimeout(run(), CHECK_TIMEOUT_MS, `no answer within ${CHECK_TIMEOUT_MS} ms`);
      return indicator.up(details);
    } catch (error) {
      return indicator.down({ ...details, message: (error as Error).message });
    }
  }

  private database() {
    return this.probe('database', { kind: 'postgres', embedded: this.platform.embedded }, () => sql`select 1`.execute(this.platform.readDb));
  }

  private eventStore() {
    return this.probe('eventStore', { kind: this.platform.eventStore.kind }, () => this.platform.eventStore.ping());
  }

  private jobs() {
    const redis = this.platform.redis;
    if (!redis) return Promise.resolve(this.indicator.check('jobs').up({ mode: 'in-process' }));
    return this.probe('jobs', { mode: 'bullmq' }, () => redis.ping());
  }
}
