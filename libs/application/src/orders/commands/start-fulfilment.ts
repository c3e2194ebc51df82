import { CommandHandler } from '@nestjs/cqrs';
import { OrderCommand } from '@channel-ledger/domain';
import { BareRecordCommand } from '../../record-command';
import { OrderCommandHandler } from '../orders.command-handler';

export class StartFulfilment extends BareRecordCommand {}

@CommandHandler(StartFulfilment)
export class StartFulfilmentHandler extends OrderCommandHandler<StartFulfilment> {
  protected decide({ ctx }: StartFulfilment): OrderCommand {
    return { type: 'StartFulfilment', by: ctx.actor.userId, now: ctx.now };
  }
}
