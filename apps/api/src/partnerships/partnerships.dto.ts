import { IsDateOrDateTime, IsNotBlank } from '../common/validation';
import { IsIn, IsString, IsUUID, MaxLength } from 'class-validator';
import { TIERS, Tier } from '@channel-ledger/domain';

export class StartPartnershipDto {
  @IsUUID() partnerId!: string;
  @IsUUID() programId!: string;
  @IsIn(TIERS) tier!: Tier;
  @IsString() @IsNotBlank() @MaxLength(2000) terms!: string;
  @IsDateOrDateTime() startDate!: string;
}

export class ChangePartnershipTierDto {
  @IsIn(TIERS) tier!: Tier;
}

export class EndPartnershipDto {
  @IsString() @IsNotBlank() @MaxLength(1000) reason!: string;
}
