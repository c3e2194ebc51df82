import { UuidParam } from '../common/uuid-param';
import { CommandContext, CommandResult } from '@channel-ledger/application';
import {
  ChangePartnerTier,
  ChangeStaffRole,
  DeactivateStaffMember,
  GetPartner,
  RegisterPartner,
  RegisterStaffMember,
  ReparentPartner,
  SetPointOfContact,
  UpdatePartnerProfile,
} from '@channel-ledger/application/partners';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
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

const ENTERPRISE_WRITERS: Role[] = ['admin', 'channel_manager'];
const STAFF_WRITERS: Role[] = ['admin', 'channel_manager', 'partner_manager'];
const Id = new UuidParam();

@ApiTags('partners')
@ApiBearerAuth()
@Controller('v1/partners')
export class PartnersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @AllowRoles(...ENTERPRISE_WRITERS)
  register(@Body() body: RegisterPartnerDto, @Ctx() ctx: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new RegisterPartner(body, ctx));
  }

  @Get(':partnerId')
  get(@Param('partnerId', Id) partnerId: string, @Req() request: AuthenticatedRequest) {
    return this.queries.execute(new GetPartner(partnerId, request.actor));
  }

  @Patch(':partnerId')
  @HttpCode(200)
  @AllowRoles(...STAFF_WRITERS)
  update(@Param('partnerId', Id) partnerId: string, @Body() body: UpdatePartnerProfileDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new UpdatePartnerProfile(partnerId, body, ctx));
  }

  @Post(':partnerId/tier')
  @HttpCode(200)
  @AllowRoles(...ENTERPRISE_WRITERS)
  changeTier(@Param('partnerId', Id) partnerId: string, @Body() body: ChangeTierDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new ChangePartnerTier(partnerId, body, ctx));
  }

  @Post(':partnerId/parent')
  @HttpCode(200)
  @AllowRoles(...ENTERPRISE_WRITERS)
  reparent(@Param('partnerId', Id) partnerId: string, @Body() body: ReparentDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new ReparentPartner(partnerId, body, ctx));
  }

  @Post(':partnerId/members')
  @AllowRoles(...STAFF_WRITERS)
  registerMember(@Param('partnerId', Id) partnerId: string, @Body() body: RegisterStaffMemberDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new RegisterStaffMember(partnerId, body, ctx));
  }

  @Post(':partnerId/members/:memberId/role')
  @HttpCode(200)
  @AllowRoles(...STAFF_WRITERS)
  changeRole(@Param('partnerId', Id) partnerId: string, @Param('memberId', Id) memberId: string, @Body() body: ChangeStaffRoleDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new ChangeStaffRole(partnerId, { memberId, role: body.role }, ctx));
  }

  @Post(':partnerId/members/:memberId/deactivate')
  @HttpCode(200)
  @AllowRoles(...STAFF_WRITERS)
  deactivate(@Param('partnerId', Id) partnerId: string, @Param('memberId', Id) memberId: string, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new DeactivateStaffMember(partnerId, { memberId }, ctx));
  }

  @Post(':partnerId/point-of-contact')
  @HttpCode(200)
  @AllowRoles(...STAFF_WRITERS)
  pointOfContact(@Param('partnerId', Id) partnerId: string, @Body() body: SetPointOfContactDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new SetPointOfContact(partnerId, body, ctx));
  }
}
