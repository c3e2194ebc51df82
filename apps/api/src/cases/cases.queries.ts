import { Get, Query, Req } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';
import { CASE_PRIORITIES, CASE_STATUSES } from '@channel-ledger/domain';
import { ListCases } from '@channel-ledger/application/cases';
import { AuthenticatedRequest } from '../auth/auth.guard';
import { ListQuery } from '../common/list-query.dto';
import { Answers } from '../openapi/decorators';
import { ApiController, ReadModelController } from '../common/routes';

// The breach conditions are shared with the partner view.
export { slaBreachSql } from '@channel-ledger/application/cases';

export class ListCasesQuery extends ListQuery {
  @IsOptional() @IsIn(CASE_STATUSES) status?: string;
  @IsOptional() @IsIn(CASE_PRIORITIES) priority?: string;
  @IsOptional() @IsUUID() partnerId?: string;
  @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean() breached?: boolean;
  @IsOptional() @IsIn(['updatedAt', 'openedAt', 'resolutionDue']) sort?: string;
}

@ApiController('cases', 'v1/cases')
export class CaseQueries extends ReadModelController {
  // Filters, sorting and keyset pagination; SLA breaches computed when read, against the application clock.
  @Get()
  @Answers('CaseList')
  list(@Query() q: ListCasesQuery, @Req() request: AuthenticatedRequest) {
    return this.whenFresh(request, ['cases', 'partner_directory'], new ListCases(q, request.actor));
  }
}
