import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { OrderCommand, orderDecider, orderStream } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult, CommandRunner } from '../../command-runner';
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
  constructor(
    private readonly runner: CommandRunner,
    private readonly rules: OrderRules,
  ) {}

  execute({ orderId, input, ctx }: CancelOrder): Promise<CommandResult> {
    return this.runner.run({
      id: orderId,
      streamId: orderStream(orderId),
      decider: orderDecider,
      ctx,
      authorize: (state) => this.rules.visible(ctx.actor, state),
      command: (): OrderCommand => ({ type: 'CancelOrder', data: { reason: input.reason }, by: ctx.actor.userId, now: ctx.now }),
    });
  }
}
