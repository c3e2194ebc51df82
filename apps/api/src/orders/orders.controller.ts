import { CommandContext, CommandResult } from '@channel-ledger/application';
import { CancelOrder, CloseOrder, CreateOrder, FulfilLine, GetOrder, GetOrderTimeline, StartFulfilment, SubmitOrder } from '@channel-ledger/application/orders';
import { UuidParam } from '../common/uuid-param';
import { Body } from '@nestjs/common';
import { Role } from '@channel-ledger/auth';
import { ApiController, BusController, Creates, RecordRoutes } from '../common/routes';
import { Ctx } from '../common/command-context';
import { CancelOrderDto, CreateOrderDto } from './orders.dto';

const WRITERS: Role[] = ['admin', 'channel_manager'];
const FULFILMENT: Role[] = ['admin', 'channel_manager', 'ops'];
const LINE_FULFILLERS: Role[] = [...FULFILMENT, 'partner_manager', 'partner_associate'];
const Id = new UuidParam();

@ApiController('orders', 'v1/orders')
// The order (GET /v1/orders/:orderId, and its timeline: its events, read from the log) and the commands on it (POST
// /v1/orders/:orderId/<path>, answered with its new version). Split fulfilment: the enterprise fulfils any line;
// partner staff fulfil the lines of partners they may see.
@RecordRoutes(':orderId', Id, {
  get: { query: GetOrder, answers: 'Order' },
  timeline: { path: 'timeline', query: GetOrderTimeline, answers: 'OrderTimeline' },
  submit: { path: 'submit', roles: WRITERS, command: SubmitOrder },
  start: { path: 'start-fulfilment', roles: FULFILMENT, command: StartFulfilment },
  fulfilLine: { path: 'lines/:lineId/fulfil', roles: LINE_FULFILLERS, command: FulfilLine, params: ['lineId'] },
  close: { path: 'close', roles: WRITERS, command: CloseOrder },
  cancel: { path: 'cancel', roles: WRITERS, command: CancelOrder, body: CancelOrderDto },
})
export class OrdersController extends BusController {
  @Creates(undefined, WRITERS)
  create(@Body() body: CreateOrderDto, @Ctx() ctx: CommandContext): Promise<CommandResult> {
    return this.commands.execute(new CreateOrder(body, ctx));
  }
}
