import { CommandHandler } from '@nestjs/cqrs';
import { QuoteCommand } from '@channel-ledger/domain';
import { BareRecordCommand } from '../../record-command';
import { QuoteCommandHandler } from '../quotes.command-handler';

export class SubmitQuote extends BareRecordCommand {}

@CommandHandler(SubmitQuote)
export class SubmitQuoteHandler extends QuoteCommandHandler<SubmitQuote> {
  protected decide({ ctx }: SubmitQuote): QuoteCommand {
    return { type: 'SubmitQuote', by: ctx.actor.userId, now: ctx.now };
  }
}
