import { CommandHandler } from '@nestjs/cqrs';
import { OrderCommand } from '@channel-ledger/domain';
import { RecordCommand } from '../../record-command';
import { OrderCommandHandler } from '../orders.command-handler';

export class CancelOrder extends RecordCommand<{ reason: string }> {}

@CommandHandler(CancelOrder)
export class CancelOrderHandler extends OrderCommandHandler<CancelOrder> {
  protected decide({ input, ctx }: CancelOrder): OrderCommand {
    return { type: 'CancelOrder', data: { reason: input.reason }, by: ctx.actor.userId, now: ctx.now };
  }
}
