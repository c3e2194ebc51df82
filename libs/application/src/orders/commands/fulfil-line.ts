import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { hasRole } from '@channel-ledger/auth';
import { OrderCommand } from '@channel-ledger/domain';
import { forbidden } from '@channel-ledger/platform';
import { CommandContext } from '../../command-context';
import { CommandResult } from '../../command-runner';
import { PartnerDirectory } from '../../partner-directory';
import { FULFILMENT, OrderRules } from '../orders.rules';

// Split fulfilment: the enterprise fulfils any line; partner staff fulfil the lines of partners they may see.
export class FulfilLine extends Command<CommandResult> {
  constructor(
    readonly orderId: string,
    readonly lineId: string,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(FulfilLine)
export class FulfilLineHandler implements ICommandHandler<FulfilLine> {
  constructor(private readonly rules: OrderRules,
    private readonly directory: PartnerDirectory,
  ) {}

  execute({ orderId, lineId, ctx }: FulfilLine): Promise<CommandResult> {
    return this.rules.run(orderId, ctx, async (order): Promise<OrderCommand> => {
      const line = order.lines.find((l) => l.lineId === lineId);
      if (line && !hasRole(ctx.actor, FULFILMENT) && !(line.partnerId && (await this.directory.canSee(ctx.actor, line.partnerId)))) {
        throw forbidden('this line is fulfilled by another partner');
      }
      return { type: 'FulfilLine', data: { lineId }, by: ctx.actor.userId, now: ctx.now };
    });
  }
}
