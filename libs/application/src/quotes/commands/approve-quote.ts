import { CommandHandler } from '@nestjs/cqrs';
import { QuoteCommand } from '@channel-ledger/domain';
import { BareRecordCommand } from '../../record-command';
import { QuoteCommandHandler } from '../quotes.command-handler';

export class ApproveQuote extends BareRecordCommand {}

@CommandHandler(ApproveQuote)
export class ApproveQuoteHandler extends QuoteCommandHandler<ApproveQuote> {
  protected decide({ ctx }: ApproveQuote): QuoteCommand {
    return { type: 'ApproveQuote', by: ctx.actor.userId, now: ctx.now };
  }
}
