import { CommandHandler } from '@nestjs/cqrs';
import { QuoteCommand } from '@channel-ledger/domain';
import { RecordCommand } from '../../record-command';
import { QuoteCommandHandler } from '../quotes.command-handler';

export class RejectQuote extends RecordCommand<{ reason: string }> {}

@CommandHandler(RejectQuote)
export class RejectQuoteHandler extends QuoteCommandHandler<RejectQuote> {
  protected decide({ input, ctx }: RejectQuote): QuoteCommand {
    return { type: 'RejectQuote', data: { reason: input.reason }, by: ctx.actor.userId, now: ctx.now };
  }
}
