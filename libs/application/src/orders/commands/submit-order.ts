import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { OrderCommand } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult } from '../../command-runner';
import { OrderRules } from '../orders.rules';

export class SubmitOrder extends Command<CommandResult> {
  constructor(
    readonly orderId: string,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(SubmitOrder)
export class SubmitOrderHandler implements ICommandHandler<SubmitOrder> {
  constructor(private readonly rules: OrderRules) {}

  execute({ orderId, ctx }: SubmitOrder): Promise<CommandResult> {
    return this.rules.run(orderId, ctx, (): OrderCommand => ({ type: 'SubmitOrder', by: ctx.actor.userId, now: ctx.now }));
  }
}
