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
import { Body, Patch } from '@nestjs/common';
import { Role } from '@channel-ledger/auth';
import { ApiController, BusController, Creates, RecordRoutes } from '../common/routes';
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
// The partner (GET /v1/partners/:partnerId) and the commands on it and its staff, each answered with its new version
// (a new staff member with 201).
@RecordRoutes(':partnerId', Id, {
  get: { query: GetPartner, answers: 'Partner' },
  update: { roles: STAFF_WRITERS, method: Patch, command: UpdatePartnerProfile, body: UpdatePartnerProfileDto },
  changeTier: { path: 'tier', roles: ENTERPRISE_WRITERS, command: ChangePartnerTier, body: ChangeTierDto },
  reparent: { path: 'parent', roles: ENTERPRISE_WRITERS, command: ReparentPartner, body: ReparentDto },
  registerMember: { path: 'members', roles: STAFF_WRITERS, creates: true, command: RegisterStaffMember, body: RegisterStaffMemberDto, answers: 'StaffMemberRegistered' },
  changeRole: { path: 'members/:memberId/role', roles: STAFF_WRITERS, command: ChangeStaffRole, params: ['memberId'], body: ChangeStaffRoleDto },
  deactivate: { path: 'members/:memberId/deactivate', roles: STAFF_WRITERS, command: DeactivateStaffMember, params: ['memberId'] },
  pointOfContact: { path: 'point-of-contact', roles: STAFF_WRITERS, command: SetPointOfContact, body: SetPointOfContactDto },
})
export class PartnersController extends BusController {
  @Creates(undefined, ENTERPRISE_WRITERS)
  register(@Body() body: RegisterPartnerDto, @Ctx() ctx: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new RegisterPartner(body, ctx));
  }
}
