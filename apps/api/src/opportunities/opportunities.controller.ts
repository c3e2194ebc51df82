import { UuidParam } from '../common/uuid-param';
import { ReplayStoredAnswer } from '../common/idempotency.interceptor';
import { Body, Param, Put } from '@nestjs/common';
import { Role } from '@channel-ledger/auth';
import { ApiController, BusController, Creates, RecordRoutes } from '../common/routes';
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

@ApiController('opportunities', 'v1')
// The opportunity (GET /v1/opportunities/:opportunityId) and the commands on it, each answered with its new version.
@RecordRoutes('opportunities/:opportunityId', Id, {
  get: { query: GetOpportunity, answers: 'Opportunity' },
  updateLines: { path: 'lines', roles: WRITERS, method: Put, command: UpdateOpportunityLines, body: OpportunityLinesDto },
  changeStage: { path: 'stage', roles: WRITERS, command: ChangeStage, body: ChangeStageDto },
  closeWon: { path: 'won', roles: WRITERS, command: CloseWon, body: CloseWonDto },
  closeLost: { path: 'lost', roles: WRITERS, command: CloseLost, body: CloseLostDto },
})
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
}
