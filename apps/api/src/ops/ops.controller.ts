import { UuidParam } from '../common/uuid-param';
import { ReplayStoredAnswer } from '../common/idempotency.interceptor';
import { Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { GetRebuild, ListProjections, StartRebuild } from '@channel-ledger/application/ops';
import { Answers } from '../openapi/decorators';
import { AllowRoles, AuthenticatedRequest } from '../auth/auth.guard';

@ApiTags('ops')
@ApiBearerAuth()
@AllowRoles('ops', 'admin')
@Controller('v1/ops/projections')
export class OpsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  // Every projection: where it stands against the log, and its newest rebuild with its progress.
  @Get()
  @Answers('ProjectionList')
  list() {
    return this.queries.execute(new ListProjections());
  }

  // Builds a new copy beside the live one and switches readers to it once it has caught up. Answers at once
  // with the rebuild to follow.
  @Post(':name/rebuild')
  @HttpCode(202)
  @Answers('RebuildStarted')
  // A rebuild is queued work, not an event: a retry must not queue a second one.
  @ReplayStoredAnswer()
  async rebuild(@Param('name') name: string, @Req() request: AuthenticatedRequest) {
    const started = await this.commands.execute(new StartRebuild(name, request.actor.userId));
    return { ...started, links: { self: `/v1/ops/projections/rebuilds/${started.id}` } };
  }

  @Get('rebuilds/:id')
  @Answers('Rebuild')
  rebuildStatus(@Param('id', new UuidParam('any')) id: string) {
    return this.queries.execute(new GetRebuild(id));
  }
}
