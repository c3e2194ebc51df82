import { UuidParam } from '../common/uuid-param';
import { ReplayStoredAnswer } from '../common/idempotency.interceptor';
import { Controller, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Kysely } from 'kysely';
import { EventStore } from '@channel-ledger/event-store';
import { EVENT_STORE, READ_DB } from '@channel-ledger/platform';
import { latestRebuilds, projectionStatuses, rebuildView } from '@channel-ledger/projection-runner';
import { ReadDB } from '@channel-ledger/read-store';
import { AllowRoles, AuthenticatedRequest } from '../auth/auth.guard';
import { Rebuilds } from './rebuilds';

@ApiTags('ops')
@ApiBearerAuth()
@AllowRoles('ops', 'admin')
@Controller('v1/ops/projections')
export class OpsController {
  constructor(
    @Inject(READ_DB) private readonly db: Kysely<ReadDB>,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly rebuilds: Rebuilds,
  ) {}

  // Every projection: where it stands against the log, and its newest rebuild with its progress.
  @Get()
  async list() {
    const [statuses, rebuilds] = await Promise.all([projectionStatuses(this.db, this.store), latestRebuilds(this.db)]);
    return {
      items: statuses.map((s) => {
        const rebuild = rebuilds.get(s.projection);
        return { ...s, updatedAt: s.updatedAt.toISOString(), rebuild: rebuild ? rebuildView(rebuild) : null };
      }),
    };
  }

  // Builds a new copy beside the live one and switches readers to it once it has caught up. Answers at once
  // with the rebuild to follow.
  @Post(':name/rebuild')
  @HttpCode(202)
  // A rebuild is queued work, not an event: a retry must not queue a second one.
  @ReplayStoredAnswer()
  async rebuild(@Param('name') name: string, @Req() request: AuthenticatedRequest) {
    const view = await this.rebuilds.start(name, request.actor.userId);
    return { ...view, mode: this.rebuilds.mode, links: { self: `/v1/ops/projections/rebuilds/${view.id}` } };
  }

  @Get('rebuilds/:id')
  rebuildStatus(@Param('id', new UuidParam('any')) id: string) {
    return this.rebuilds.find(id);
  }
}
