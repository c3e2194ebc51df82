import { CommandHandler } from '@nestjs/cqrs';
import { OrderCommand } from '@channel-ledger/domain';
import { BareRecordCommand } from '../../record-command';
import { OrderCommandHandler } from '../orders.command-handler';

export class SubmitOrder extends BareRecordCommand {}

@CommandHandler(SubmitOrder)
export class SubmitOrderHandler extends OrderCommandHandler<SubmitOrder> {
  protected decide({ ctx }: SubmitOrder): OrderCommand {
    return { type: 'SubmitOrder', by: ctx.actor.userId, now: ctx.now };
  }
}
