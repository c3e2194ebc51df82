import { NullableRequired } from '../openapi/decorators';
import { Type } from 'class-transformer';
import { IsEmail, IsFQDN, IsIn, IsISO31661Alpha2, IsOptional, IsString, IsUUID, MaxLength, ValidateIf, ValidateNested, IsDefined, IsObject } from 'class-validator';
import { PARTNER_TYPES, PartnerType, STAFF_ROLES, StaffRole, TIERS, Tier } from '@channel-ledger/domain';
import { IsNotBlank } from '../common/validation';

export class RegisterPartnerDto {
  @IsString() @IsNotBlank() @MaxLength(200) name!: string;
  @IsIn(PARTNER_TYPES) partnerType!: PartnerType;
  @IsIn(TIERS) tier!: Tier;
  @IsFQDN({ require_tld: true }) @MaxLength(253) webDomain!: string;
  @IsISO31661Alpha2() country!: string;
  @IsString() @IsNotBlank() @MaxLength(100) industry!: string;
  @IsOptional() @IsUUID() parentId?: string;
}

export class PartnerProfileChangesDto {
  @IsOptional() @IsString() @IsNotBlank() @MaxLength(200) name?: string;
  @IsOptional() @IsFQDN({ require_tld: true }) @MaxLength(253) webDomain?: string;
  @IsOptional() @IsISO31661Alpha2() country?: string;
  @IsOptional() @IsString() @IsNotBlank() @MaxLength(100) industry?: string;
}

export class UpdatePartnerProfileDto {
  @IsDefined() @IsObject() @ValidateNested() @Type(() => PartnerProfileChangesDto) changes!: PartnerProfileChangesDto;
}

export class ChangeTierDto {
  @IsIn(TIERS) tier!: Tier;
}

export class ReparentDto {
  // Explicit null makes the partner a root; leaving the field out is an error, not a silent un-parenting.
  @NullableRequired() @ValidateIf((o: ReparentDto) => o.parentId !== null) @IsUUID() parentId!: string | null;
}

export class RegisterStaffMemberDto {
  @IsString() @IsNotBlank() @MaxLength(200) name!: string;
  @IsEmail() @MaxLength(254) email!: string;
  @IsIn(STAFF_ROLES) role!: StaffRole;
}

export class ChangeStaffRoleDto {
  @IsIn(STAFF_ROLES) role!: StaffRole;
}

export class SetPointOfContactDto {
  @IsUUID() memberId!: string;
}
