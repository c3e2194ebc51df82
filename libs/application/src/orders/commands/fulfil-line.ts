import { CommandHandler } from '@nestjs/cqrs';
import { hasRole } from '@channel-ledger/auth';
import { OrderCommand } from '@channel-ledger/domain';
import { forbidden } from '@channel-ledger/platform';
import { PartnerDirectory } from '../../partner-directory';
import { RecordCommand } from '../../record-command';
import { OrderCommandHandler } from '../orders.command-handler';
import { ExistingOrder, FULFILMENT, OrderRules } from '../orders.rules';

// Split fulfilment: the enterprise fulfils any line; partner staff fulfil the lines of partners they may see.
export class FulfilLine extends RecordCommand<{ lineId: string }> {}

@CommandHandler(FulfilLine)
export class FulfilLineHandler extends OrderCommandHandler<FulfilLine> {
  constructor(
    rules: OrderRules,
    private readonly directory: PartnerDirectory,
  ) {
    super(rules);
  }

  protected async decide({ input: { lineId }, ctx }: FulfilLine, order: ExistingOrder): Promise<OrderCommand> {
    const line = order.lines.find((l) => l.lineId === lineId);
    if (line && !hasRole(ctx.actor, FULFILMENT) && !(line.partnerId && (await this.directory.canSee(ctx.actor, line.partnerId)))) {
      throw forbidden('this line is fulfilled by another partner');
    }
    return { type: 'FulfilLine', data: { lineId }, by: ctx.actor.userId, now: ctx.now };
  }
}
