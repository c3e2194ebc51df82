import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsObject, IsOptional, IsString, IsUUID, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { CASE_PRIORITIES, CASE_SUBJECTS, CaseAbout, CasePriority } from '@channel-ledger/domain';
import { IsNotBlank } from '../common/validation';

export class CaseEndCustomerDto {
  @IsString() @IsNotBlank() @MaxLength(200) companyName!: string;
  @IsEmail() @MaxLength(254) contactEmail!: string;
}

export class OpenCaseDto {
  @IsIn(CASE_SUBJECTS) about!: CaseAbout;
  // Required when the case is about an end customer.
  @ValidateIf((o: OpenCaseDto) => o.about === 'end_customer' || o.endCustomer !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => CaseEndCustomerDto)
  endCustomer?: CaseEndCustomerDto;
  @IsIn(CASE_PRIORITIES) priority!: CasePriority;
  @IsString() @IsNotBlank() @MaxLength(300) subject!: string;
  @IsString() @IsNotBlank() @MaxLength(20_000) description!: string;
  // The program whose SLA targets apply; the defaults otherwise.
  @IsOptional() @IsUUID() programId?: string;
  // A staff member of the partner the case is for; the caller by default.
  @IsOptional() @IsUUID() requestedBy?: string;
  // Managers may open a case for a descendant organisation.
  @IsOptional() @IsUUID() partnerId?: string;
}

export class AssignCaseDto {
  @IsString() @IsNotBlank() @MaxLength(200) assigneeId!: string;
}

export class CaseMessageDto {
  @IsString() @IsNotBlank() @MaxLength(20_000) message!: string;
}

export class CaseReasonDto {
  @IsString() @IsNotBlank() @MaxLength(4000) reason!: string;
}

export class ResolveCaseDto {
  @IsString() @IsNotBlank() @MaxLength(20_000) resolution!: string;
}
