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
import { Body, Get, Param, Patch, Req } from '@nestjs/common';
import { Role } from '@channel-ledger/auth';
import { AuthenticatedRequest } from '../auth/auth.guard';
import { ApiController, BusController, Changes, Creates } from '../common/routes';
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

@ApiController('partners', 'v1/partners')
export class PartnersController extends BusController {
  @Creates(undefined, ENTERPRISE_WRITERS)
  register(@Body() body: RegisterPartnerDto, @Ctx() ctx: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new RegisterPartner(body, ctx));
  }

  @Get(':partnerId')
  get(@Param('partnerId', Id) partnerId: string, @Req() request: AuthenticatedRequest) {
    return this.queries.execute(new GetPartner(partnerId, request.actor));
  }

  @Changes(':partnerId', STAFF_WRITERS, Patch)
  update(@Param('partnerId', Id) partnerId: string, @Body() body: UpdatePartnerProfileDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new UpdatePartnerProfile(partnerId, body, ctx));
  }

  @Changes(':partnerId/tier', ENTERPRISE_WRITERS)
  changeTier(@Param('partnerId', Id) partnerId: string, @Body() body: ChangeTierDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new ChangePartnerTier(partnerId, body, ctx));
  }

  @Changes(':partnerId/parent', ENTERPRISE_WRITERS)
  reparent(@Param('partnerId', Id) partnerId: string, @Body() body: ReparentDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new ReparentPartner(partnerId, body, ctx));
  }

  @Creates(':partnerId/members', STAFF_WRITERS)
  registerMember(@Param('partnerId', Id) partnerId: string, @Body() body: RegisterStaffMemberDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new RegisterStaffMember(partnerId, body, ctx));
  }

  @Changes(':partnerId/members/:memberId/role', STAFF_WRITERS)
  changeRole(@Param('partnerId', Id) partnerId: string, @Param('memberId', Id) memberId: string, @Body() body: ChangeStaffRoleDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new ChangeStaffRole(partnerId, { memberId, role: body.role }, ctx));
  }

  @Changes(':partnerId/members/:memberId/deactivate', STAFF_WRITERS)
  deactivate(@Param('partnerId', Id) partnerId: string, @Param('memberId', Id) memberId: string, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new DeactivateStaffMember(partnerId, { memberId }, ctx));
  }

  @Changes(':partnerId/point-of-contact', STAFF_WRITERS)
  pointOfContact(@Param('partnerId', Id) partnerId: string, @Body() body: SetPointOfContactDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new SetPointOfContact(partnerId, body, ctx));
  }
}
