import {
  foldRecord,
  AggregateReader,
  CommandContext,
  CommandResult,
  CommandRunner,
  deterministicUuid,
  newRecordId,
  PartnerDirectory,
  audienceOf,
} from '@channel-ledger/application';
import { UuidParam } from '../common/uuid-param';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { EventStore } from '@channel-ledger/event-store';
import { EVENT_STORE, forbidden } from '@channel-ledger/platform';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import {
  InvalidInput,
  NotFound,
  Order,
  OrderCommand,
  OrderEvent,
  OrderLineInput,
  RuleBroken,
  orderDecider,
  orderStream,
  quoteDecider,
  quoteStream,
} from '@channel-ledger/domain';
import { Actor, Role, hasRole } from '@channel-ledger/auth';
import { AllowRoles, AuthenticatedRequest } from '../auth/auth.guard';
import { Ctx } from '../common/command-context';
import { CancelOrderDto, CreateOrderDto } from './orders.dto';
import { orderView, partnerEventData, present } from '@channel-ledger/domain/views';

const WRITERS: Role[] = ['admin', 'channel_manager'];
const FULFILMENT: Role[] = ['admin', 'channel_manager', 'ops'];
const LINE_FULFILLERS: Role[] = [...FULFILMENT, 'partner_manager', 'partner_associate'];
const Id = new UuidParam();
type Existing = Exclude<Order, { status: 'None' }>;

@ApiTags('orders')
@ApiBearerAuth()
@Controller('v1/orders')
export class OrdersController {
  constructor(
    private readonly runner: CommandRunner,
    private readonly reader: AggregateReader,
    private readonly directory: PartnerDirectory,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  // The channel partner and every partner fulfilling a line are parties to the order.
  private async visible(actor: Actor, state: Order): Promise<Existing> {
    const partners = state.status === 'None' ? [] : [state.channelPartnerId, ...state.lines.map((l) => l.partnerId)];
    if (state.status === 'None' || !(await this.directory.canSeeAny(actor, partners))) throw new NotFound('order_not_found', 'order not found');
    return state;
  }

  private run(orderId: string, ctx: CommandContext, _allowed: Role[], command: (state: Existing) => OrderCommand | Promise<OrderCommand>): Promise<CommandResult> {
    return this.runner.run({
      id: orderId,
      streamId: orderStream(orderId),
      decider: orderDecider,
      ctx,
      authorize: (state) => this.visible(ctx.actor, state),
      command,
    });
  }

  @Post()
  @AllowRoles(...WRITERS)
  async create(@Body() body: CreateOrderDto, @Ctx() ctx: CommandContext) {
    let orderId: string;
    let channelPartnerId: string | null;
    let currency: string;
    let lines: OrderLineInput[];
    if (body.quoteId) {
      if (body.lines || body.channelPartnerId || body.currency) {
        throw new InvalidInput('quoteId', 'quote_sets_lines', 'an order from a quote takes its lines, partner and currency from the quote');
      }
      const { state: quote } = await this.reader.load(quoteDecider, quoteStream(body.quoteId));
      if (quote.status === 'None') throw new InvalidInput('quoteId', 'quote_not_found', 'quote not found');
      if (quote.status !== 'Accepted') throw new RuleBroken('quote_not_accepted', `an order needs an accepted quote; this one is ${quote.status}`);
      // One order per quote, even when two requests race.
      orderId = deterministicUuid(`order-of-quote:${quote.quoteId}`);
      channelPartnerId = quote.channelPartnerId;
      currency = quote.currency;
      // A quote line's total is exact; where it does not divide by the quantity the order line carries it whole.
      lines = quote.lines.map((l) => {
        const divides = l.totalMinor % l.quantity === 0;
        return {
          lineId: l.lineId,
          product: l.productOffering,
          quantity: divides ? l.quantity : 1,
          unitPriceMinor: divides ? l.totalMinor / l.quantity : l.totalMinor,
          partnerId: l.partnerId,
        };
      });
    } else {
      orderId = newRecordId('order', ctx);
      channelPartnerId = body.channelPartnerId!;
      currency = body.currency!;
      lines = body.lines!.map((l) => ({ lineId: randomUUID(), product: l.product, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor, partnerId: l.partnerId ?? null }));
    }
    for (const [field, partnerId] of [['channelPartnerId', channelPartnerId], ...lines.map((l, i) => [`lines[${i}].partnerId`, l.partnerId])] as [string, string | null][]) {
      if (partnerId && !(await this.directory.exists(partnerId))) throw new InvalidInput(field, 'partner_not_found', `partner ${partnerId} does not exist`);
    }
    const data = { orderId, quoteId: body.quoteId ?? null, account: body.account, contact: { name: body.contact.name, email: body.contact.email }, orderType: body.orderType, priority: body.priority, channelPartnerId, currency, lines };
    return this.runner.run({
      id: orderId,
      streamId: orderStream(orderId),
      decider: orderDecider,
      ctx,
      // A new record: its id is fresh (or derived from this caller's own Idempotency-Key), so nobody else's.
      authorize: (state) => state,
      command: (): OrderCommand => ({ type: 'CreateOrder', data, by: ctx.actor.userId, now: ctx.now }),
    });
  }

  @Get(':orderId')
  async get(@Param('orderId', Id) orderId: string, @Req() request: AuthenticatedRequest) {
    const { state, version } = await this.reader.load(orderDecider, orderStream(orderId));
    const order = await this.visible(request.actor, state);
    return present(orderView, { ...order, version }, await audienceOf(this.directory, request.actor, [order.channelPartnerId, ...order.lines.map((l) => l.partnerId)]));
  }

  // The order's timeline is its events, read from the log: what happened, when, and who did it.
  @Get(':orderId/timeline')
  async timeline(@Param('orderId', Id) orderId: string, @Req() request: AuthenticatedRequest) {
    const events = await this.store.readStream<OrderEvent>(orderStream(orderId));
    const order = await this.visible(request.actor, foldRecord<OrderEvent, Order>(orderDecider, events));
    const audience = await audienceOf(this.directory, request.actor, [order.channelPartnerId, ...order.lines.map((l) => l.partnerId)]);
    // A partner reads each event as its webhooks would carry it; of who acted, the staff of organisations it may
    // not see read by role only.
    const actorOf = (actor: { userId: string; role: string; partnerId?: string } | undefined) => {
      if (!actor || audience.kind === 'enterprise') return actor ?? null;
      return !actor.partnerId || audience.sees(actor.partnerId) ? { userId: actor.userId, role: actor.role, ...(actor.partnerId ? { partnerId: actor.partnerId } : {}) } : { role: actor.role };
    };
    return events.map((e) => ({
      revision: e.revision,
      type: e.type,
      at: e.metadata.occurredAt,
      actor: actorOf(e.metadata.actor),
      data: audience.kind === 'enterprise' ? e.data : partnerEventData(e.type, e.data as Record<string, unknown>, audience, { channelPartnerId: order.channelPartnerId, actorPartnerId: e.metadata.actor?.partnerId }),
      position: e.position,
    }));
  }

  @Post(':orderId/submit')
  @HttpCode(200)
  @AllowRoles(...WRITERS)
  submit(@Param('orderId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.run(id, ctx, WRITERS, () => ({ type: 'SubmitOrder', by: ctx.actor.userId, now: ctx.now }));
  }

  @Post(':orderId/start-fulfilment')
  @HttpCode(200)
  @AllowRoles(...FULFILMENT)
  start(@Param('orderId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.run(id, ctx, FULFILMENT, () => ({ type: 'StartFulfilment', by: ctx.actor.userId, now: ctx.now }));
  }

  // Split fulfilment: the enterprise fulfils any line; partner staff fulfil the lines of partners they may see.
  @Post(':orderId/lines/:lineId/fulfil')
  @HttpCode(200)
  @AllowRoles(...LINE_FULFILLERS)
  fulfilLine(@Param('orderId', Id) id: string, @Param('lineId', Id) lineId: string, @Ctx() ctx: CommandContext) {
    return this.run(id, ctx, LINE_FULFILLERS, async (order) => {
      const line = order.lines.find((l) => l.lineId === lineId);
      if (line && !hasRole(ctx.actor, FULFILMENT) && !(line.partnerId && (await this.directory.canSee(ctx.actor, line.partnerId)))) {
        throw forbidden('this line is fulfilled by another partner');
      }
      return { type: 'FulfilLine', data: { lineId }, by: ctx.actor.userId, now: ctx.now };
    });
  }

  @Post(':orderId/close')
  @HttpCode(200)
  @AllowRoles(...WRITERS)
  close(@Param('orderId', Id) id: string, @Ctx() ctx: CommandContext) {
    return this.run(id, ctx, WRITERS, () => ({ type: 'CloseOrder', by: ctx.actor.userId, now: ctx.now }));
  }

  @Post(':orderId/cancel')
  @HttpCode(200)
  @AllowRoles(...WRITERS)
  cancel(@Param('orderId', Id) id: string, @Body() body: CancelOrderDto, @Ctx() ctx: CommandContext) {
    return this.run(id, ctx, WRITERS, () => ({ type: 'CancelOrder', data: { reason: body.reason }, by: ctx.actor.userId, now: ctx.now }));
  }
}
