import { UuidParam } from '../common/uuid-param';
import { newRecordId, CommandContext, CommandResult, CommandRunner, PartnerDirectory, audienceOf } from '@channel-ledger/application';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InvalidInput, NotFound, PartnerCommand, partnerDecider, partnerStream } from '@channel-ledger/domain';
import { Role } from '@channel-ledger/auth';
import { AllowRoles, AuthenticatedRequest } from '../auth/auth.guard';
import { Ctx } from '../common/command-context';
import {
  ChangeStaffRoleDto,
  ChangeTierDto,
  RegisterPartnerDto,
  RegisterStaffMemberDto,
  ReparentDto,
  SetPointOfContactDto,
  UpdatePartnerProfileDto,
} from './partners.dto';
import { partnerView, present } from '@channel-ledger/domain/views';

const ENTERPRISE_WRITERS: Role[] = ['admin', 'channel_manager'];
const STAFF_WRITERS: Role[] = ['admin', 'channel_manager', 'partner_manager'];
const Id = new UuidParam();

@ApiTags('partners')
@ApiBearerAuth()
@Controller('v1/partners')
export class PartnersController {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: PartnerDirectory,
  ) {}

  private async run(partnerId: string, ctx: CommandContext, _allowed: Role[], command: PartnerCommand): Promise<CommandResult> {
    return this.runner.run({
      id: partnerId,
      streamId: partnerStream(partnerId),
      decider: partnerDecider,
      ctx,
      // A partner user never learns that a partner outside its hierarchy exists.
      authorize: async (state) => {
        if (state.status === 'none' && command.type !== 'RegisterPartner') throw new NotFound('partner_not_found', 'partner not found');
        if (!(await this.directory.canSee(ctx.actor, partnerId))) throw new NotFound('partner_not_found', 'partner not found');
        return state;
      },
      command: () => command,
    });
  }

  @Post()
  @AllowRoles(...ENTERPRISE_WRITERS)
  async register(@Body() body: RegisterPartnerDto, @Ctx() ctx: CommandContext): Promise<CommandResult> {
    const parentId = body.parentId ?? null;
    if (parentId && (await this.directory.load(parentId)).state.status !== 'active') {
      throw new InvalidInput('parentId', 'parent_not_found', `parent partner ${parentId} does not exist`);
    }
    const partnerId = newRecordId('partner', ctx);
    return this.run(partnerId, ctx, ENTERPRISE_WRITERS, { type: 'RegisterPartner', data: { ...body, partnerId, parentId }, now: ctx.now });
  }

  @Get(':partnerId')
  async get(@Param('partnerId', Id) partnerId: string, @Req() request: AuthenticatedRequest) {
    const { state, revision } = await this.directory.load(partnerId);
    if (state.status === 'none' || !(await this.directory.canSee(request.actor, partnerId))) throw new NotFound('partner_not_found', 'partner not found');
    return present(partnerView, { ...state, version: (revision ?? -1) + 1 }, await audienceOf(this.directory, request.actor, [state.partnerId, state.parentId]));
  }

  @Patch(':partnerId')
  @HttpCode(200)
  @AllowRoles(...STAFF_WRITERS)
  update(@Param('partnerId', Id) partnerId: string, @Body() body: UpdatePartnerProfileDto, @Ctx() ctx: CommandContext) {
    return this.run(partnerId, ctx, STAFF_WRITERS, { type: 'UpdatePartnerProfile', data: { changes: { ...body.changes } }, now: ctx.now });
  }

  @Post(':partnerId/tier')
  @HttpCode(200)
  @AllowRoles(...ENTERPRISE_WRITERS)
  changeTier(@Param('partnerId', Id) partnerId: string, @Body() body: ChangeTierDto, @Ctx() ctx: CommandContext) {
    return this.run(partnerId, ctx, ENTERPRISE_WRITERS, { type: 'ChangePartnerTier', data: { tier: body.tier }, now: ctx.now });
  }

  @Post(':partnerId/parent')
  @HttpCode(200)
  @AllowRoles(...ENTERPRISE_WRITERS)
  async reparent(@Param('partnerId', Id) partnerId: string, @Body() body: ReparentDto, @Ctx() ctx: CommandContext) {
    const parentId = body.parentId ?? null;
    if (parentId && (await this.directory.load(parentId)).state.status !== 'active') {
      throw new InvalidInput('parentId', 'parent_not_found', `parent partner ${parentId} does not exist`);
    }
    const parentAncestry = parentId ? await this.directory.ancestors(parentId) : [];
    return this.run(partnerId, ctx, ENTERPRISE_WRITERS, { type: 'ReparentPartner', data: { parentId, parentAncestry }, now: ctx.now });
  }

  @Post(':partnerId/members')
  @AllowRoles(...STAFF_WRITERS)
  registerMember(@Param('partnerId', Id) partnerId: string, @Body() body: RegisterStaffMemberDto, @Ctx() ctx: CommandContext) {
    const memberId = newRecordId('member', ctx);
    return this.run(partnerId, ctx, STAFF_WRITERS, { type: 'RegisterStaffMember', data: { ...body, memberId }, now: ctx.now }).then((r) => ({
      ...r,
      memberId,
    }));
  }

  @Post(':partnerId/members/:memberId/role')
  @HttpCode(200)
  @AllowRoles(...STAFF_WRITERS)
  changeRole(@Param('partnerId', Id) partnerId: string, @Param('memberId', Id) memberId: string, @Body() body: ChangeStaffRoleDto, @Ctx() ctx: CommandContext) {
    return this.run(partnerId, ctx, STAFF_WRITERS, { type: 'ChangeStaffRole', data: { memberId, role: body.role }, by: ctx.actor.userId, now: ctx.now });
  }

  @Post(':partnerId/members/:memberId/deactivate')
  @HttpCode(200)
  @AllowRoles(...STAFF_WRITERS)
  deactivate(@Param('partnerId', Id) partnerId: string, @Param('memberId', Id) memberId: string, @Ctx() ctx: CommandContext) {
    return this.run(partnerId, ctx, STAFF_WRITERS, { type: 'DeactivateStaffMember', data: { memberId }, now: ctx.now });
  }

  @Post(':partnerId/point-of-contact')
  @HttpCode(200)
  @AllowRoles(...STAFF_WRITERS)
  pointOfContact(@Param('partnerId', Id) partnerId: string, @Body() body: SetPointOfContactDto, @Ctx() ctx: CommandContext) {
    return this.run(partnerId, ctx, STAFF_WRITERS, { type: 'SetPointOfContact', data: { memberId: body.memberId }, now: ctx.now });
  }
}
