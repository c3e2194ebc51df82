import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { OrderCommand } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult } from '../../command-runner';
import { OrderRules } from '../orders.rules';

export class CancelOrder extends Command<CommandResult> {
  constructor(
    readonly orderId: string,
    readonly input: { reason: string },
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(CancelOrder)
export class CancelOrderHandler implements ICommandHandler<CancelOrder> {
  constructor(private readonly rules: OrderRules) {}

  execute({ orderId, input, ctx }: CancelOrder): Promise<CommandResult> {
    return this.rules.run(orderId, ctx, (): OrderCommand => ({ type: 'CancelOrder', data: { reason: input.reason }, by: ctx.actor.userId, now: ctx.now }));
  }
}
