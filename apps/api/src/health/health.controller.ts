import { Controller, Get, Inject, Req, Res, ServiceUnavailableException } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { sql } from 'kysely';
import { PLATFORM, Platform, withTimeout } from '@channel-ledger/platform';
import { Public } from '../auth/auth.guard';
import { Answers } from '../openapi/decorators';
import { logHorizon } from './log-horizon';
import { Readiness } from './readiness';

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
    private readonly readiness: Readiness,
  ) {}

  @Get('ready')
  @Answers('ReadinessReport')
  @ApiOperation({
    summary: 'Readiness: 200 once this process serves what it promises, 503 with Retry-After before',
    description:
      'On a first start of the embedded default, ready means the demo data and its tokens exist and the read models ' +
      'have caught up with them; while shutting down it answers 503 again. /health is the liveness and dependency view.',
  })
  async ready(@Req() request: FastifyRequest, @Res({ passthrough: true }) response: FastifyReply) {
    const pending = this.readiness.pending;
    const notReady = (error: string, message: string) => {
      // Written here in the API's error shape rather than thrown: a probe polling through the start-up is expected
      // to hear "not yet", and neither that answer nor the read store being down is an error of the request.
      response.code(503).header('Retry-After', '1');
      return { error, message, fields: [], requestId: request.id };
    };
    if (pending !== undefined) {
      return notReady('not_ready', `not ready yet: ${pending}; retry shortly`);
    }
    try {
      await withTimeout(sql`select 1`.execute(this.platform.readDb), CHECK_TIMEOUT_MS, `no answer within ${CHECK_TIMEOUT_MS} ms`);
    } catch {
      return notReady('unavailable', 'the database is not answering; retry shortly');
    }
    return { status: 'ready' as const };
  }

  @Get()
  @HealthCheck()
  @Answers('HealthReport', { alsoOn: [503] })
  @ApiOperation({
    summary: 'Reports each dependency: read store, event store and job queue',
    description:
      'status is "degraded" (still 200) while an open transaction has held the log back for longer than HORIZON_STALL_MS: ' +
      'details.eventStore.horizon names its pid and database and how long it has been open; ' +
      'and while a projection has stopped on an event it cannot apply (details.projections.failed names each one and its error).',
  })
  async check(@Res({ passthrough: true }) response: FastifyReply) {
    try {
      const result = await this.health.check([() => this.database(), () => this.eventStore(), () => this.jobs(), () => this.projections()]);
      // Every dependency answers, but readers are held behind an open transaction, or a read model has stopped moving.
      // Not a 503: the API is not what is wrong, and taking every instance out of service would fix neither.
      const horizon = (result.details.eventStore as { horizon?: { status: string } } | undefined)?.horizon;
      const failed = (result.details.projections as { failed?: unknown[] } | undefined)?.failed ?? [];
      return horizon?.status === 'stalled' || failed.length > 0 ? { ...result, status: 'degraded' as const } : result;
    } catch (error) {
      // Terminus reports a down dependency as a 503 exception carrying the full report; answer with the report.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response.code(503);
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
    const store = this.platform.eventStore;
    const details: Record<string, unknown> = { kind: store.kind };
    return this.probe('eventStore', details, async () => {
      await store.ping();
      const horizon = await logHorizon(store, this.platform.config.horizonStallMs);
      if (horizon) details.horizon = horizon;
    });
  }

  // A projection that failed on an event stays failed (its read model no longer moves) until an operator acts, while
  // every dependency still answers: it is reported here, from its checkpoint row, as the read model's own state.
  private projections() {
    const details: Record<string, unknown> = {};
    return this.probe('projections', details, async () => {
      const rows = await this.platform.readDb.selectFrom('projection_checkpoints').select(['projection', 'error']).where('status', '=', 'failed').orderBy('projection').execute();
      details.failed = rows.map((r) => ({ projection: r.projection, error: r.error }));
    });
  }

  private jobs() {
    const redis = this.platform.redis;
    if (!redis) return Promise.resolve(this.indicator.check('jobs').up({ mode: 'in-process' }));
    return this.probe('jobs', { mode: 'bullmq' }, () => redis.ping());
  }
}
