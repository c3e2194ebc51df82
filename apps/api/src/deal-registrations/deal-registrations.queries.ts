import { UuidParam } from '../common/uuid-param';
import { Get, Param, Query, Req } from '@nestjs/common';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { REGISTRATION_STATUSES, REGISTRATION_TYPES } from '@channel-ledger/domain';
import { GetApprovalHistory, ListRegistrations } from '@channel-ledger/application/deal-registrations';
import { AuthenticatedRequest } from '../auth/auth.guard';
import { ListQuery } from '../common/list-query.dto';
import { Answers } from '../openapi/decorators';
import { ApiController, ReadModelController } from '../common/routes';

const STATUS_LIST = new RegExp(`^(${REGISTRATION_STATUSES.join('|')})(,(${REGISTRATION_STATUSES.join('|')}))*$`);

export class ListRegistrationsQuery extends ListQuery {
  @IsOptional() @Matches(STATUS_LIST, { message: `status must be a comma-separated list of ${REGISTRATION_STATUSES.join(', ')}` }) status?: string;
  @IsOptional() @IsUUID() partnerId?: string;
  @IsOptional() @IsUUID() programId?: string;
  @IsOptional() @IsIn(REGISTRATION_TYPES) type?: string;
  @IsOptional() @IsIn(['updatedAt', 'submittedAt', 'amount']) sort?: string;
}

@ApiController('deal registrations', 'v1/deal-registrations')
export class DealRegistrationQueries extends ReadModelController {
  // The workspace list: filters, sorting and keyset pagination, scoped to what the caller may see in the SQL.
  @Get()
  @Answers('DealRegistrationList')
  list(@Query() query: ListRegistrationsQuery, @Req() request: AuthenticatedRequest) {
    return this.whenFresh(request, ['registrations', 'partner_directory'], new ListRegistrations(query, request.actor));
  }

  // Every state change, who made it and why, from the append-only approval history.
  @Get(':registrationId/approval-history')
  @Answers('ApprovalHistory')
  history(@Param('registrationId', new UuidParam()) registrationId: string, @Req() request: AuthenticatedRequest) {
    return this.whenFresh(request, ['deal_approval_history', 'partner_directory'], new GetApprovalHistory(registrationId, request.actor));
  }
}
