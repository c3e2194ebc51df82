import { Controller, Get, Query, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { GetPipeline, Pipeline, PipelineGroupBy } from '@channel-ledger/application/pipeline';
import { AuthenticatedRequest } from '../auth/auth.guard';
import { Answers } from '../openapi/decorators';
import { ReadYourWrites } from '../common/read-your-writes';

export class PipelineQuery {
  @IsOptional() @IsIn(['stage', 'partner', 'program', 'tier', 'source']) groupBy?: PipelineGroupBy;
  @IsOptional() @IsString() minPosition?: string;
}

// The pipeline, scoped to the caller: open registrations and opportunities by stage, partner, program, tier or
// source. It reads the pipeline read model, and the partner directory for tiers and the partner hierarchy.
@ApiTags('pipeline')
@ApiBearerAuth()
@Controller('v1/pipeline')
export class PipelineQueryController {
  constructor(
    private readonly queries: QueryBus,
    private readonly freshness: ReadYourWrites,
  ) {}

  @Get()
  @Answers('Pipeline')
  async pipeline(@Query() q: PipelineQuery, @Req() request: AuthenticatedRequest): Promise<Pipeline> {
    await this.freshness.waitFor(request, ['pipeline', 'partner_directory']);
    return this.queries.execute(new GetPipeline(q.groupBy ?? 'stage', request.actor));
  }
}
