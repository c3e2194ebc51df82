import { IsDateOrDateTime, IsNotBlank } from '../common/validation';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsISO4217CurrencyCode, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';

export class RampPeriodDto {
  @IsInt() @Min(1) @Max(120) fromMonth!: number;
  @IsInt() @Min(1) @Max(120) toMonth!: number;
  @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) unitPriceMinor!: number;
}

export class QuoteLineDto {
  @IsString() @IsNotBlank() @MaxLength(200) productOffering!: string;
  @IsInt() @Min(1) @Max(1_000_000) quantity!: number;
  @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) unitPriceMinor!: number;
  @IsOptional() @IsArray() @ArrayMaxSize(60) @ValidateNested({ each: true }) @Type(() => RampPeriodDto) ramp?: RampPeriodDto[];
  @IsOptional() @IsUUID() partnerId?: string;
}

export class QuoteTermsDto {
  @IsDateOrDateTime() validUntil!: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => QuoteLineDto) lines!: QuoteLineDto[];
}

export class CreateQuoteDto extends QuoteTermsDto {
  @IsOptional() @IsUUID() opportunityId?: string;
  // Partner staff quote for their own organisation unless they name one they may see; the enterprise names it.
  @IsOptional() @IsUUID() channelPartnerId?: string;
  @IsISO4217CurrencyCode() currency!: string;
}

export class RejectQuoteDto {
  @IsString() @IsNotBlank() @MaxLength(4000) reason!: string;
}
