import { IsIn, IsISO8601, IsNotEmpty, IsString, IsUUID, MaxLength } from 'class-validator';
import { TIERS, Tier } from '../../../../libs/domain/src';

export class StartPartnershipDto {
  @IsUUID() partnerId!: string;
  @IsUUID() programId!: string;
  @IsIn(TIERS) tier!: Tier;
  @IsString() @IsNotEmpty() @MaxLength(2000) terms!: string;
  @IsISO8601({ strict: true }) startDate!: string;
}

export class ChangePartnershipTierDto {
  @IsIn(TIERS) tier!: Tier;
}

export class EndPartnershipDto {
  @IsString() @IsNotEmpty() @MaxLength(1000) reason!: string;
}
