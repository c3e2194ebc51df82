import { Provider } from '@nestjs/common';
import { PartnerRules } from './partners.rules';
import { PartnerReadRepository } from './partners.read-repository';
import { ChangePartnerTier, ChangePartnerTierHandler } from './commands/change-partner-tier';
import { ChangeStaffRole, ChangeStaffRoleHandler } from './commands/change-staff-role';
import { DeactivateStaffMember, DeactivateStaffMemberHandler } from './commands/deactivate-staff-member';
import { RegisterPartner, RegisterPartnerHandler } from './commands/register-partner';
import { RegisterStaffMember, RegisterStaffMemberHandler } from './commands/register-staff-member';
import { ReparentPartner, ReparentPartnerHandler } from './commands/reparent-partner';
import { SetPointOfContact, SetPointOfContactHandler } from './commands/set-point-of-contact';
import { UpdatePartnerProfile, UpdatePartnerProfileHandler } from './commands/update-partner-profile';
import { GetPartner, GetPartnerHandler } from './queries/get-partner';
import { ListMembers, ListMembersHandler } from './queries/list-members';
import { ListPartners, ListPartnersHandler } from './queries/list-partners';

export { PartnerRules };
export type { MemberListFilter, PartnerListFilter } from './partners.read-repository';
export { ChangePartnerTier, ChangeStaffRole, DeactivateStaffMember, RegisterPartner, RegisterStaffMember, ReparentPartner, SetPointOfContact, UpdatePartnerProfile, GetPartner, ListMembers, ListPartners };

// The command and query handlers of partners: one use case a file, under commands/ or queries/.
export const PARTNERS_HANDLERS: Provider[] = [
  PartnerRules,
  ChangePartnerTierHandler,
  ChangeStaffRoleHandler,
  DeactivateStaffMemberHandler,
  RegisterPartnerHandler,
  RegisterStaffMemberHandler,
  ReparentPartnerHandler,
  SetPointOfContactHandler,
  UpdatePartnerProfileHandler,
  GetPartnerHandler,
  PartnerReadRepository,
  ListMembersHandler,
  ListPartnersHandler,
];
