import { Get, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { OPPORTUNITY_SOURCES, OPPORTUNITY_STAGES, ORDER_PRIORITIES, ORDER_STATUSES, QUOTE_STATUSES } from '@channel-ledger/domain';
import { ListOpportunities } from '@channel-ledger/application/opportunities';
import { ListQuotes } from '@channel-ledger/application/quotes';
import { ListOrders } from '@channel-ledger/application/orders';
import { AuthenticatedRequest } from '../auth/auth.guard';
import { ListQuery } from '../common/list-query.dto';
import { Answers } from '../openapi/decorators';
import { ApiController, ReadModelController } from '../common/routes';

export class ListOpportunitiesQuery extends ListQuery {
  @IsOptional() @IsIn(OPPORTUNITY_STAGES) stage?: string;
  @IsOptional() @IsIn(OPPORTUNITY_SOURCES) source?: string;
  @IsOptional() @IsUUID() partnerId?: string;
  @IsOptional() @IsIn(['updatedAt', 'amount', 'createdAt']) sort?: string;
}

export class ListQuotesQuery extends ListQuery {
  @IsOptional() @IsIn(QUOTE_STATUSES) status?: string;
  @IsOptional() @IsUUID() partnerId?: string;
  @IsOptional() @IsUUID() opportunityId?: string;
  @IsOptional() @IsIn(['updatedAt', 'total', 'validUntil']) sort?: string;
}

export class ListOrdersQuery extends ListQuery {
  @IsOptional() @IsIn(ORDER_STATUSES) status?: string;
  @IsOptional() @IsIn(ORDER_PRIORITIES) priority?: string;
  @IsOptional() @IsUUID() partnerId?: string;
  @IsOptional() @IsIn(['updatedAt', 'total', 'createdAt']) sort?: string;
}

@ApiController('opportunities', 'v1')
export class SalesQueries extends ReadModelController {
  @Get('opportunities')
  @Answers('OpportunityList')
  opportunities(@Query() q: ListOpportunitiesQuery, @Req() request: AuthenticatedRequest) {
    return this.whenFresh(request, ['sales', 'partner_directory'], new ListOpportunities(q, request.actor));
  }

  @Get('quotes')
  @ApiTags('quotes')
  @Answers('QuoteList')
  quotes(@Query() q: ListQuotesQuery, @Req() request: AuthenticatedRequest) {
    return this.whenFresh(request, ['sales', 'partner_directory'], new ListQuotes(q, request.actor));
  }

  @Get('orders')
  @ApiTags('orders')
  @Answers('OrderList')
  orders(@Query() q: ListOrdersQuery, @Req() request: AuthenticatedRequest) {
    return this.whenFresh(request, ['sales', 'partner_directory'], new ListOrders(q, request.actor));
  }
}
