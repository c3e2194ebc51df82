import { Injectable } from '@nestjs/common';
import { Actor, Role } from '@channel-ledger/auth';
import { NotFound, Order, OrderCommand, orderStream, orderDecider } from '@channel-ledger/domain';
import { CommandContext } from '../command-context';
import { CommandResult, CommandRunner } from '../command-runner';
import { PartnerDirectory } from '../partner-directory';

export type ExistingOrder = Exclude<Order, { status: 'None' }>;

// The enterprise roles that fulfil any line of an order.
export const FULFILMENT: Role[] = ['admin', 'channel_manager', 'ops'];

// What every order use case asks: whether the caller may see the order.
@Injectable()
export class OrderRules {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: PartnerDirectory,
  ) {}

  // A command on one order the caller may see: read, fold, authorize, decide, append (the shared kernel).
  run(orderId: string, ctx: CommandContext, command: (state: ExistingOrder) => Promise<OrderCommand> | OrderCommand): Promise<CommandResult> {
    return this.runner.run({ id: orderId, streamId: orderStream(orderId), decider: orderDecider, ctx, authorize: (state) => this.visible(ctx.actor, state), command });
  }

  // The channel partner and every partner fulfilling a line are parties to the order.
  async visible(actor: Actor, state: Order): Promise<ExistingOrder> {
    const partners = state.status === 'None' ? [] : [state.channelPartnerId, ...state.lines.map((l) => l.partnerId)];
    if (state.status === 'None' || !(await this.directory.canSeeAny(actor, partners))) throw new NotFound('order_not_found', 'order not found');
    return state;
  }
}
