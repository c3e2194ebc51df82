import { NullableRequired } from '../openapi/decorators';
import { IsDateOrDateTime, IsNotBlank } from '../common/validation';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, ArrayMaxSize, ArrayMinSize, IsArray, IsEmail, IsFQDN, IsIn, IsOptional, IsString, IsUUID, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { REGISTRATION_TYPES, RegistrationType } from '@channel-ledger/domain';
import { MoneyDto } from '../programs/programs.dto';

export class EndCustomerDto {
  @IsString() @IsNotBlank() @MaxLength(200) companyName!: string;
  @NullableRequired() @ValidateIf((o: EndCustomerDto) => o.domain !== null) @IsFQDN({ require_tld: true }) @MaxLength(253) domain!: string | null;
  @IsString() @IsNotBlank() @MaxLength(200) contactName!: string;
  @IsEmail() @MaxLength(254) contactEmail!: string;
}

export class RegistrationDetailsDto {
  @IsIn(REGISTRATION_TYPES) registrationType!: RegistrationType;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => EndCustomerDto) customer!: EndCustomerDto;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => MoneyDto) estimatedSize!: MoneyDto;
  @IsDateOrDateTime() expectedCloseDate!: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @IsString({ each: true }) @IsNotBlank({ each: true }) @MaxLength(200, { each: true }) products!: string[];
}

export class DraftRegistrationDto extends RegistrationDetailsDto {
  @IsUUID() programId!: string;
  // Partner staff register for their own organisation unless a manager names a descendant; enterprise users
  // registering on a partner's behalf must name it.
  @IsOptional() @IsUUID() partnerId?: string;
}

export class RegistrationChangesDto {
  @IsOptional() @IsIn(REGISTRATION_TYPES) registrationType?: RegistrationType;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => EndCustomerDto) customer?: EndCustomerDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => MoneyDto) estimatedSize?: MoneyDto;
  @IsOptional() @IsDateOrDateTime() expectedCloseDate?: string;
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @IsString({ each: true }) @IsNotBlank({ each: true }) @MaxLength(200, { each: true }) products?: string[];
}

export class EditRegistrationDto {
  @IsDefined() @IsObject() @ValidateNested() @Type(() => RegistrationChangesDto) changes!: RegistrationChangesDto;
}

export class MessageDto {
  @IsString() @IsNotBlank() @MaxLength(4000) message!: string;
}

export class ReasonDto {
  @IsString() @IsNotBlank() @MaxLength(4000) reason!: string;
}

export class OptionalReasonDto {
  @IsOptional() @IsString() @MaxLength(4000) reason?: string;
}

export class AnswerDto {
  // The partner's reply to the channel team's information request.
  @IsOptional() @IsString() @MaxLength(4000) answer?: string;
}

export class NoteDto {
  @IsString() @IsNotBlank() @MaxLength(4000) note!: string;
}

export class ApproveDto {
  // Required when the registration conflicts with an earlier one.
  @IsOptional() @IsString() @MaxLength(4000) overrideReason?: string;
}
