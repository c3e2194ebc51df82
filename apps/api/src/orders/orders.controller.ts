import { CommandContext, CommandResult } from '@channel-ledger/application';
import { CancelOrder, CloseOrder, CreateOrder, FulfilLine, GetOrder, GetOrderTimeline, StartFulfilment, SubmitOrder } from '@channel-ledger/application/orders';
import { UuidParam } from '../common/uuid-param';
import { Body, Get, Param, Req } from '@nestjs/common';
import { Role } from '@channel-ledger/auth';
import { AuthenticatedRequest } from '../auth/auth.guard';
import { ApiController, BusController, Changes, Creates } from '../common/routes';
import { Ctx } from '../common/command-context';
import { CancelOrderDto, CreateOrderDto } from './orders.dto';

const WRITERS: Role[] = ['admin', 'channel_manager'];
const FULFILMENT: Role[] = ['admin', 'channel_manager', 'ops'];
const LINE_FULFILLERS: Role[] = [...FULFILMENT, 'partner_manager', 'partner_associate'];
const Id = new UuidParam();

@ApiController('orders', 'v1/orders')
export class OrdersController extends BusController {
  @Creates(undefined, WRITERS)
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

  @Changes(':orderId/submit', WRITERS)
  submit(@Param('orderId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new SubmitOrder(id, ctx));
  }

  @Changes(':orderId/start-fulfilment', FULFILMENT)
  start(@Param('orderId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new StartFulfilment(id, ctx));
  }

  // Split fulfilment: the enterprise fulfils any line; partner staff fulfil the lines of partners they may see.
  @Changes(':orderId/lines/:lineId/fulfil', LINE_FULFILLERS)
  fulfilLine(@Param('orderId', Id) id: string, @Param('lineId', Id) lineId: string, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new FulfilLine(id, { lineId }, ctx));
  }

  @Changes(':orderId/close', WRITERS)
  close(@Param('orderId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new CloseOrder(id, ctx));
  }

  @Changes(':orderId/cancel', WRITERS)
  cancel(@Param('orderId', Id) id: string, @Body() body: CancelOrderDto, @Ctx() ctx: CommandContext) {
    return this.commands.execute(new CancelOrder(id, body, ctx));
  }
}
