import { CommandHandler } from '@nestjs/cqrs';
import { RegistrationCommand } from '@channel-ledger/domain';
import { BareRecordCommand } from '../../record-command';
import { RegistrationCommandHandler } from '../deal-registrations.command-handler';

export class StartReview extends BareRecordCommand {}

@CommandHandler(StartReview)
export class StartReviewHandler extends RegistrationCommandHandler<StartReview> {
  protected decide({ ctx }: StartReview): RegistrationCommand {
    return { type: 'StartReview', by: ctx.actor.userId, now: ctx.now };
  }
}
