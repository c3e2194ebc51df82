import { CommandHandler } from '@nestjs/cqrs';
import { OrderCommand } from '@channel-ledger/domain';
import { BareRecordCommand } from '../../record-command';
import { OrderCommandHandler } from '../orders.command-handler';

export class CloseOrder extends BareRecordCommand {}

@CommandHandler(CloseOrder)
export class CloseOrderHandler extends OrderCommandHandler<CloseOrder> {
  protected decide({ ctx }: CloseOrder): OrderCommand {
    return { type: 'CloseOrder', by: ctx.actor.userId, now: ctx.now };
  }
}
