import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { OrderCommand } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult } from '../../command-runner';
import { OrderRules } from '../orders.rules';

export class StartFulfilment extends Command<CommandResult> {
  constructor(
    readonly orderId: string,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(StartFulfilment)
export class StartFulfilmentHandler implements ICommandHandler<StartFulfilment> {
  constructor(private readonly rules: OrderRules) {}

  execute({ orderId, ctx }: StartFulfilment): Promise<CommandResult> {
    return this.rules.run(orderId, ctx, (): OrderCommand => ({ type: 'StartFulfilment', by: ctx.actor.userId, now: ctx.now }));
  }
}
