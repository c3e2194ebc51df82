import { UuidParam } from '../common/uuid-param';
import { Body, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { TOPICS } from '@channel-ledger/webhooks';
import { GetDelivery, ListDeliveries, ListWebhooks, RegisterWebhook, RemoveWebhook } from '@channel-ledger/application/webhooks';
import { ReplayStoredAnswer } from '../common/idempotency.interceptor';
import { AllowRoles, AuthenticatedRequest } from '../auth/auth.guard';
import { ListQuery } from '../common/list-query.dto';
import { Answers } from '../openapi/decorators';
import { ApiController, BusController } from '../common/routes';

export class RegisterWebhookDto {
  // https:// on a public host (checked below, with the reason).
  @IsString() @MaxLength(2048) url!: string;
  // Shared with the receiver, who checks each delivery's signature with it. Never shown again.
  @IsString() @Length(24, 256) secret!: string;
  // Omit for every topic.
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(TOPICS.length) @ArrayUnique() @IsIn(TOPICS, { each: true }) topics?: string[];
  @IsOptional() @IsString() @MaxLength(200) description?: string;
}

export class ListDeliveriesQuery extends ListQuery {
  @IsOptional() @IsIn(['pending', 'delivered', 'dead', 'cancelled']) status?: string;
}

// Partner webhooks: a partner manager registers endpoints for its organisation; the state changes of its deal
// registrations, quotes, orders and cases are delivered there, signed. Partner managers see the endpoints and
// deliveries of their organisation and its descendants; ops and admins see all.
@ApiController('webhooks', 'v1/webhooks')
export class WebhooksController extends BusController {
  @Post()
  @AllowRoles('partner_manager')
  // An endpoint is a row of the caller's own organisation, not an event: a retry must not add a second one.
  @ReplayStoredAnswer()
  @Answers('WebhookEndpoint')
  register(@Body() body: RegisterWebhookDto, @Req() request: AuthenticatedRequest) {
    return this.commands.execute(new RegisterWebhook(body, request.actor));
  }

  @Get()
  @Answers('WebhookList')
  @AllowRoles('partner_manager', 'ops', 'admin')
  list(@Req() request: AuthenticatedRequest) {
    return this.queries.execute(new ListWebhooks(request.actor));
  }

  @Delete(':endpointId')
  @HttpCode(204)
  @AllowRoles('partner_manager', 'admin')
  async remove(@Param('endpointId', new UuidParam('any')) endpointId: string, @Req() request: AuthenticatedRequest): Promise<void> {
    await this.commands.execute(new RemoveWebhook(endpointId, request.actor));
  }

  @Get('deliveries/:deliveryId')
  @Answers('WebhookDelivery')
  @AllowRoles('partner_manager', 'ops', 'admin')
  delivery(@Param('deliveryId', new UuidParam('any')) deliveryId: string, @Req() request: AuthenticatedRequest) {
    return this.queries.execute(new GetDelivery(deliveryId, request.actor));
  }

  @Get(':endpointId/deliveries')
  @Answers('WebhookDeliveryList')
  @AllowRoles('partner_manager', 'ops', 'admin')
  deliveries(@Param('endpointId', new UuidParam('any')) endpointId: string, @Query() query: ListDeliveriesQuery, @Req() request: AuthenticatedRequest) {
    return this.queries.execute(new ListDeliveries(endpointId, query, request.actor));
  }
}
