import { CommandContext, CommandResult } from '@channel-ledger/application';
import { CancelOrder, CloseOrder, CreateOrder, FulfilLine, GetOrder, GetOrderTimeline, StartFulfilment, SubmitOrder } from '@channel-ledger/application/orders';
import { UuidParam } from '../common/uuid-param';
import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Role } from '@channel-ledger/auth';
import { AllowRoles, AuthenticatedRequest } from '../auth/auth.guard';
import { Ctx } from '../common/command-context';
import { CancelOrderDto, CreateOrderDto } from './orders.dto';

const WRITERS: Role[] = ['admin', 'channel_manager'];
const FULFILMENT: Role[] = ['admin', 'channel_manager', 'ops'];
const LINE_FULFILLERS: Role[] = [...FULFILMENT, 'partner_manager', 'partner_associate'];
const Id = new UuidParam();

@ApiTags('orders')
@ApiBearerAuth()
@Controller('v1/orders')
export class OrdersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @AllowRoles(...WRITERS)
  create(@Body() body: CreateOrderDto, @Ctx() ctx: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new CreateOrder(body, ctx));
  }

  @Get(':orderId')
  get(@Param('orderId', Id) orderId: string, @Req() request: AuthenticatedRequest) {
    return this.queries.execute(new GetOrder(orderId, request.actor));
  }

  // The order's timeline is its events, read from the log: what happened, when, and who did it.
  @Get(':orderId/timeline')
  timeline(@Param('orderId', Id) orderId: string, @Req() request: AuthenticatedRequest) {
    return this.queries.execute(new GetOrderTimeline(orderId, request.actor));
  }

  @Post(':orderId/submit')
  @HttpCode(200)
  @AllowRoles(...WRITERS)
  submit(@Param('orderId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new SubmitOrder(id, ctx));
  }

  @Post(':orderId/start-fulfilment')
  @HttpCode(200)
  @AllowRoles(...FULFILMENT)
  start(@Param('orderId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new StartFulfilment(id, ctx));
  }

  // Split fulfilment: the enterprise fulfils any line; partner staff fulfil the lines of partners they may see.
  @Post(':orderId/lines/:lineId/fulfil')
  @HttpCode(200)
  @AllowRoles(...LINE_FULFILLERS)
  fulfilLine(@Param('orderId', Id) id: string, @Param('lineId', Id) lineId: string, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new FulfilLine(id, { lineId }, ctx));
  }

  @Post(':orderId/close')
  @HttpCode(200)
  @AllowRoles(...WRITERS)
  close(@Param('orderId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new CloseOrder(id, ctx));
  }

  @Post(':orderId/cancel')
  @HttpCode(200)
  @AllowRoles(...WRITERS)
  cancel(@Param('orderId', Id) id: string, @Body() body: CancelOrderDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new CancelOrder(id, body, ctx));
  }
}
