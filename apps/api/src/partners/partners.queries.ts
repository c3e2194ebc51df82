import { Get, Query, Req } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { TIERS } from '@channel-ledger/domain';
import { ListMembers, ListPartners } from '@channel-ledger/application/partners';
import { AuthenticatedRequest } from '../auth/auth.guard';
import { Answers } from '../openapi/decorators';
import { ApiController, ReadModelController } from '../common/routes';

export class ListPartnersQuery {
  @IsOptional() @IsIn(TIERS) tier?: string;
  @IsOptional() @IsUUID() parentId?: string;
  // Name prefix, case-insensitive.
  @IsOptional() @IsString() @MaxLength(200) q?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
  @IsOptional() @IsString() cursor?: string;
  @IsOptional() @IsString() minPosition?: string;
}

export class ListMembersQuery {
  @IsOptional() @IsUUID() partnerId?: string;
  // Query strings are text: only "true" and "false" are booleans here.
  @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean() active?: boolean;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
  @IsOptional() @IsString() cursor?: string;
  @IsOptional() @IsString() minPosition?: string;
}

@ApiController('partners', 'v1')
export class PartnerQueries extends ReadModelController {
  // Partners by name, scoped in the SQL: a partner user sees its organisation (and, as a manager, its descendants).
  @Get('partners')
  @Answers('PartnerList')
  partners(@Query() query: ListPartnersQuery, @Req() request: AuthenticatedRequest) {
    return this.whenFresh(request, ['partner_directory'], new ListPartners(query, request.actor));
  }

  @Get('members')
  @Answers('MemberList')
  members(@Query() query: ListMembersQuery, @Req() request: AuthenticatedRequest) {
    return this.whenFresh(request, ['partner_directory'], new ListMembers(query, request.actor));
  }
}
