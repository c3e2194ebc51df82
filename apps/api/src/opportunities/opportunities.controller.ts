import { UuidParam } from '../common/uuid-param';
import { ReplayStoredAnswer } from '../common/idempotency.interceptor';
import { Body, Controller, Get, Param, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Role } from '@channel-ledger/auth';
import { AuthenticatedRequest } from '../auth/auth.guard';
import { BusController, Changes, Creates } from '../common/routes';
import { CommandContext, CommandResult } from '@channel-ledger/application';
import {
  ChangeStage,
  CloseLost,
  CloseWon,
  ConvertRegistration,
  CreateOpportunity,
  GetOpportunity,
  UpdateOpportunityLines,
} from '@channel-ledger/application/opportunities';
import { Ctx } from '../common/command-context';
import { ChangeStageDto, CloseLostDto, CloseWonDto, CreateOpportunityDto, OpportunityFromRegistrationDto, OpportunityLinesDto } from './opportunities.dto';

const WRITERS: Role[] = ['admin', 'channel_manager'];
const Id = new UuidParam();

@ApiTags('opportunities')
@ApiBearerAuth()
@Controller('v1')
export class OpportunitiesController extends BusController {
  @Creates('opportunities', WRITERS)
  createDirect(@Body() body: CreateOpportunityDto, @Ctx() ctx: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new CreateOpportunity(body, ctx));
  }

  // Converts an approved registration: the opportunity keeps the link and the registration records the conversion.
  @Creates('deal-registrations/:registrationId/opportunity', WRITERS)
  // Enterprise writers only, who see every record; run again, the conversion check would refuse the converted
  // registration before the runner could recognise the retry.
  @ReplayStoredAnswer()
  fromRegistration(@Param('registrationId', Id) registrationId: string, @Body() body: OpportunityFromRegistrationDto, @Ctx() ctx: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new ConvertRegistration(registrationId, body, ctx));
  }

  @Get('opportunities/:opportunityId')
  get(@Param('opportunityId', Id) opportunityId: string, @Req() request: AuthenticatedRequest) {
    return this.queries.execute(new GetOpportunity(opportunityId, request.actor));
  }

  @Changes('opportunities/:opportunityId/lines', WRITERS, Put)
  updateLines(@Param('opportunityId', Id) id: string, @Body() body: OpportunityLinesDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new UpdateOpportunityLines(id, body, ctx));
  }

  @Changes('opportunities/:opportunityId/stage', WRITERS)
  changeStage(@Param('opportunityId', Id) id: string, @Body() body: ChangeStageDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new ChangeStage(id, body, ctx));
  }

  @Changes('opportunities/:opportunityId/won', WRITERS)
  closeWon(@Param('opportunityId', Id) id: string, @Body() body: CloseWonDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new CloseWon(id, body, ctx));
  }

  @Changes('opportunities/:opportunityId/lost', WRITERS)
  closeLost(@Param('opportunityId', Id) id: string, @Body() body: CloseLostDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new CloseLost(id, body, ctx));
  }
}
