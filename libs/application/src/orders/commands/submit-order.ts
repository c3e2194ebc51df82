import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { OrderCommand, orderDecider, orderStream } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult, CommandRunner } from '../../command-runner';
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
  constructor(
    private readonly runner: CommandRunner,
    private readonly rules: OrderRules,
  ) {}

  execute({ orderId, ctx }: SubmitOrder): Promise<CommandResult> {
    return this.runner.run({
      id: orderId,
      streamId: orderStream(orderId),
      decider: orderDecider,
      ctx,
      authorize: (state) => this.rules.visible(ctx.actor, state),
      command: (): OrderCommand => ({ type: 'SubmitOrder', by: ctx.actor.userId, now: ctx.now }),
    });
  }
}
