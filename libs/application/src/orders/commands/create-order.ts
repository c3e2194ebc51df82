import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { InvalidInput, OrderCommand, OrderLineInput, OrderPriority, OrderType, RuleBroken, quoteDecider, quoteStream } from '@channel-ledger/domain';
import { AggregateReader } from '../../aggregate-reader';
import { CommandResult } from '../../command-runner';
import { deterministicUuid, newRecordId } from '../../deterministic-id';
import { PartnerDirectory } from '../../partner-directory';
import { NewRecordCommand } from '../../record-command';
import { OrderRules } from '../orders.rules';

export class CreateOrder extends NewRecordCommand<{
  quoteId?: string;
  account: string;
  contact: { name: string; email: string };
  orderType: OrderType;
  priority: OrderPriority;
  channelPartnerId?: string;
  currency?: string;
  lines?: { product: string; quantity: number; unitPriceMinor: number; partnerId?: string }[];
}> {}

@CommandHandler(CreateOrder)
export class CreateOrderHandler implements ICommandHandler<CreateOrder> {
  constructor(
    private readonly rules: OrderRules,
    private readonly reader: AggregateReader,
    private readonly directory: PartnerDirectory,
  ) {}

  async execute({ input: body, ctx }: CreateOrder): Promise<CommandResult> {
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
    return this.rules.create(orderId, ctx, (): OrderCommand => ({ type: 'CreateOrder', data, by: ctx.actor.userId, now: ctx.now }));
  }
}
