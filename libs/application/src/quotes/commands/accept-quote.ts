import { CommandHandler } from '@nestjs/cqrs';
import { QuoteCommand } from '@channel-ledger/domain';
import { BareRecordCommand } from '../../record-command';
import { QuoteCommandHandler } from '../quotes.command-handler';

export class AcceptQuote extends BareRecordCommand {}

@CommandHandler(AcceptQuote)
export class AcceptQuoteHandler extends QuoteCommandHandler<AcceptQuote> {
  protected decide({ ctx }: AcceptQuote): QuoteCommand {
    return { type: 'AcceptQuote', by: ctx.actor.userId, now: ctx.now };
  }
}
