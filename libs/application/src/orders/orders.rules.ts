import { Injectable } from '@nestjs/common';
import { Actor, Role } from '@channel-ledger/auth';
import { NotFound, Order, OrderCommand, OrderEvent, orderStream, orderDecider } from '@channel-ledger/domain';
import { AggregateReader } from '../aggregate-reader';
import { CommandRunner } from '../command-runner';
import { PartnerDirectory } from '../partner-directory';
import { RecordRules } from '../record-rules';

export type ExistingOrder = Exclude<Order, { status: 'None' }>;

// The enterprise roles that fulfil any line of an order.
export const FULFILMENT: Role[] = ['admin', 'channel_manager', 'ops'];

// What every order use case asks: whether the caller may see the order.
@Injectable()
export class OrderRules extends RecordRules<OrderCommand, OrderEvent, Order, ExistingOrder> {
  constructor(runner: CommandRunner, reader: AggregateReader, directory: PartnerDirectory) {
    super(runner, reader, directory, { decider: orderDecider, stream: orderStream });
  }

  // The channel partner and every partner fulfilling a line are parties to the order.
  async visible(actor: Actor, state: Order): Promise<ExistingOrder> {
    const partners = state.status === 'None' ? [] : [state.channelPartnerId, ...state.lines.map((l) => l.partnerId)];
    if (state.status === 'None' || !(await this.directory.canSeeAny(actor, partners))) throw new NotFound('order_not_found', 'order not found');
    return state;
  }
}
