import { Type } from 'class-transformer';
import {
  IsDefined,
  IsObject,
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO4217CurrencyCode,
  
  IsNumber,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { REGISTRATION_TYPES, RegistrationType, TIERS, Tier } from '@channel-ledger/domain';
import { IsNotBlank } from '../common/validation';

export class MoneyDto {
  // Integer minor units (cents): never a float.
  @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) amountMinor!: number;
  @IsISO4217CurrencyCode() currency!: string;
}

export class ProgramTierDto {
  @IsIn(TIERS) name!: Tier;
  @IsInt() @Min(1) @Max(100) rank!: number;
  @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(500, { each: true }) benefits!: string[];
  @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(500, { each: true }) requirements!: string[];
}

export class DealRegistrationRulesDto {
  @IsArray() @ArrayMinSize(1) @ArrayUnique() @IsIn(REGISTRATION_TYPES, { each: true }) allowedTypes!: RegistrationType[];
  @IsInt() @Min(1) @Max(3650) protectionDays!: number;
  @IsInt() @Min(1) @Max(8760) approvalSlaHours!: number;
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }) @Min(0) @Max(100) discountPercent!: number;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => MoneyDto) minimumDealSize!: MoneyDto;
  @IsInt() @Min(0) @Max(12) maxExtensions!: number;
  @IsInt() @Min(1) @Max(365) extensionDays!: number;
}

export class CreateProgramDto {
  @IsString() @IsNotBlank() @MaxLength(200) name!: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(5) @ValidateNested({ each: true }) @Type(() => ProgramTierDto) tiers!: ProgramTierDto[];
  @IsDefined() @IsObject() @ValidateNested() @Type(() => DealRegistrationRulesDto) rules!: DealRegistrationRulesDto;
}

export class UpdateProgramRulesDto {
  @IsDefined() @IsObject() @ValidateNested() @Type(() => DealRegistrationRulesDto) rules!: DealRegistrationRulesDto;
}

export class LinkSegmentsDto {
  @IsArray() @ArrayMinSize(1) @ArrayUnique() @IsIn(TIERS, { each: true }) segments!: Tier[];
}

export class MinutesByPriorityDto {
  @IsInt() @Min(1) @Max(525_600) P1!: number;
  @IsInt() @Min(1) @Max(525_600) P2!: number;
  @IsInt() @Min(1) @Max(525_600) P3!: number;
  @IsInt() @Min(1) @Max(525_600) P4!: number;
}

export class CaseSlaDto {
  @IsDefined() @IsObject() @ValidateNested() @Type(() => MinutesByPriorityDto) firstResponseMinutes!: MinutesByPriorityDto;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => MinutesByPriorityDto) resolutionMinutes!: MinutesByPriorityDto;
}
