import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { OrderCommand } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult } from '../../command-runner';
import { OrderRules } from '../orders.rules';

export class CloseOrder extends Command<CommandResult> {
  constructor(
    readonly orderId: string,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(CloseOrder)
export class CloseOrderHandler implements ICommandHandler<CloseOrder> {
  constructor(private readonly rules: OrderRules) {}

  execute({ orderId, ctx }: CloseOrder): Promise<CommandResult> {
    return this.rules.run(orderId, ctx, (): OrderCommand => ({ type: 'CloseOrder', by: ctx.actor.userId, now: ctx.now }));
  }
}
