import { UuidParam } from '../common/uuid-param';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  PartnershipCommand,
  partnerDecider,
  partnerStream,
  partnershipDecider,
  partnershipStream,
  programDecider,
  programStream,
} from '@channel-ledger/domain';
import { Role } from '@channel-ledger/auth';
import { AllowRoles } from '../auth/auth.guard';
import { AggregateReader, CommandContext, CommandRunner } from '@channel-ledger/application';
import { Ctx } from '../common/command-context';
import { ChangePartnershipTierDto, EndPartnershipDto, StartPartnershipDto } from './partnerships.dto';

const WRITERS: Role[] = ['admin', 'channel_manager'];
const Id = new UuidParam();

@ApiTags('partnerships')
@ApiBearerAuth()
@Controller('v1/partnerships')
export class PartnershipsController {
  constructor(
    private readonly runner: CommandRunner,
    private readonly reader: AggregateReader,
  ) {}

  private async programTiers(programId: string) {
    const { state } = await this.reader.load(programDecider, programStream(programId));
    return { active: state.status === 'active', tiers: state.status === 'none' ? [] : state.tiers.map((t) => t.name) };
  }

  private run(partnerId: string, programId: string, ctx: CommandContext, command: () => Promise<PartnershipCommand>) {
    return this.runner.run({
      id: `${partnerId}_${programId}`,
      streamId: partnershipStream(partnerId, programId),
      decider: partnershipDecider,
      ctx,
      // Enterprise writers only (the route's roles); partnerships are not partner-visible commands.
      authorize: (state) => state,
      command,
    });
  }

  @Post()
  @AllowRoles(...WRITERS)
  start(@Body() body: StartPartnershipDto, @Ctx() ctx: CommandContext) {
    return this.run(body.partnerId, body.programId, ctx, async () => {
      const [partner, program] = await Promise.all([this.reader.load(partnerDecider, partnerStream(body.partnerId)), this.programTiers(body.programId)]);
      return {
        type: 'StartPartnership',
        data: { ...body },
        context: { partnerExists: partner.state.status === 'active', programActive: program.active, programTiers: program.tiers },
        now: ctx.now,
      };
    });
  }

  @Post(':partnerId/:programId/tier')
  @HttpCode(200)
  @AllowRoles(...WRITERS)
  changeTier(@Param('partnerId', Id) partnerId: string, @Param('programId', Id) programId: string, @Body() body: ChangePartnershipTierDto, @Ctx() ctx: CommandContext) {
    return this.run(partnerId, programId, ctx, async () => ({
      type: 'ChangePartnershipTier',
      data: { tier: body.tier },
      context: { programTiers: (await this.programTiers(programId)).tiers },
      now: ctx.now,
    }));
  }

  @Post(':partnerId/:programId/end')
  @HttpCode(200)
  @AllowRoles(...WRITERS)
  end(@Param('partnerId', Id) partnerId: string, @Param('programId', Id) programId: string, @Body() body: EndPartnershipDto, @Ctx() ctx: CommandContext) {
    return this.run(partnerId, programId, ctx, async () => ({ type: 'EndPartnership', data: { reason: body.reason }, now: ctx.now }));
  }
}
