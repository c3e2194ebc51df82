import { IsDateOrDateTime, IsNotBlank } from '../common/validation';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsISO4217CurrencyCode, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { LOSS_REASONS, LossReason, OPEN_STAGES, OPPORTUNITY_SOURCES, OpenStage, OpportunitySource } from '@channel-ledger/domain';

export class OpportunityLineDto {
  @IsString() @IsNotBlank() @MaxLength(200) product!: string;
  @IsInt() @Min(1) @Max(1_000_000) quantity!: number;
  @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) unitPriceMinor!: number;
  @IsOptional() @IsUUID() partnerId?: string;
}

export class OpportunityLinesDto {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => OpportunityLineDto) lineItems!: OpportunityLineDto[];
}

export class CreateOpportunityDto extends OpportunityLinesDto {
  @IsString() @IsNotBlank() @MaxLength(200) name!: string;
  @IsString() @IsNotBlank() @MaxLength(200) accountName!: string;
  @IsIn(OPPORTUNITY_SOURCES) source!: OpportunitySource;
  // Required unless the source is direct.
  @ValidateIf((o: CreateOpportunityDto) => o.source !== 'direct' || o.channelPartnerId !== undefined) @IsUUID() channelPartnerId?: string;
  @IsISO4217CurrencyCode() currency!: string;
  @IsDateOrDateTime() expectedCloseDate!: string;
}

export class OpportunityFromRegistrationDto extends OpportunityLinesDto {
  @IsString() @IsNotBlank() @MaxLength(200) name!: string;
}

export class ChangeStageDto {
  @IsIn(OPEN_STAGES) stage!: OpenStage;
}

export class CloseWonDto {
  @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) amountMinor!: number;
}

export class CloseLostDto {
  @IsIn(LOSS_REASONS) reason!: LossReason;
  @IsOptional() @IsString() @MaxLength(4000) note?: string;
}
