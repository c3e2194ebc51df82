import { CommandHandler } from '@nestjs/cqrs';
import { QuoteCommand } from '@channel-ledger/domain';
import { BareRecordCommand } from '../../record-command';
import { QuoteCommandHandler } from '../quotes.command-handler';

export class ExpireQuote extends BareRecordCommand {}

@CommandHandler(ExpireQuote)
export class ExpireQuoteHandler extends QuoteCommandHandler<ExpireQuote> {
  protected decide({ ctx }: ExpireQuote): QuoteCommand {
    return { type: 'ExpireQuote', now: ctx.now };
  }
}
