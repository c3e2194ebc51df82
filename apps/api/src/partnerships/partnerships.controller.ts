import { CommandContext, CommandResult } from '@channel-ledger/application';
import { ChangePartnershipTier, EndPartnership, StartPartnership } from '@channel-ledger/application/partnerships';
import { UuidParam } from '../common/uuid-param';
import { Body, Param } from '@nestjs/common';
import { Role } from '@channel-ledger/auth';
import { ApiController, BusController, Changes, Creates } from '../common/routes';
import { Ctx } from '../common/command-context';
import { ChangePartnershipTierDto, EndPartnershipDto, StartPartnershipDto } from './partnerships.dto';

const WRITERS: Role[] = ['admin', 'channel_manager'];
const Id = new UuidParam();

@ApiController('partnerships', 'v1/partnerships')
export class PartnershipsController extends BusController {
  @Creates(undefined, WRITERS)
  start(@Body() body: StartPartnershipDto, @Ctx() ctx: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new StartPartnership(body, ctx));
  }

  @Changes(':partnerId/:programId/tier', WRITERS)
  changeTier(@Param('partnerId', Id) partnerId: string, @Param('programId', Id) programId: string, @Body() body: ChangePartnershipTierDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new ChangePartnershipTier(partnerId, programId, body, ctx));
  }

  @Changes(':partnerId/:programId/end', WRITERS)
  end(@Param('partnerId', Id) partnerId: string, @Param('programId', Id) programId: string, @Body() body: EndPartnershipDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new EndPartnership(partnerId, programId, body, ctx));
  }
}
