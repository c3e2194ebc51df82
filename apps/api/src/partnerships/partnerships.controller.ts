import { CommandContext, CommandResult } from '@channel-ledger/application';
import { ChangePartnershipTier, EndPartnership, StartPartnership } from '@channel-ledger/application/partnerships';
import { UuidParam } from '../common/uuid-param';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Role } from '@channel-ledger/auth';
import { AllowRoles } from '../auth/auth.guard';
import { Ctx } from '../common/command-context';
import { ChangePartnershipTierDto, EndPartnershipDto, StartPartnershipDto } from './partnerships.dto';

const WRITERS: Role[] = ['admin', 'channel_manager'];
const Id = new UuidParam();

@ApiTags('partnerships')
@ApiBearerAuth()
@Controller('v1/partnerships')
export class PartnershipsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @AllowRoles(...WRITERS)
  start(@Body() body: StartPartnershipDto, @Ctx() ctx: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new StartPartnership(body, ctx));
  }

  @Post(':partnerId/:programId/tier')
  @HttpCode(200)
  @AllowRoles(...WRITERS)
  changeTier(@Param('partnerId', Id) partnerId: string, @Param('programId', Id) programId: string, @Body() body: ChangePartnershipTierDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new ChangePartnershipTier(partnerId, programId, body, ctx));
  }

  @Post(':partnerId/:programId/end')
  @HttpCode(200)
  @AllowRoles(...WRITERS)
  end(@Param('partnerId', Id) partnerId: string, @Param('programId', Id) programId: string, @Body() body: EndPartnershipDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new EndPartnership(partnerId, programId, body, ctx));
  }
}
