import { CommandHandler } from '@nestjs/cqrs';
import { QuoteCommand } from '@channel-ledger/domain';
import { RecordCommand } from '../../record-command';
import { QuoteCommandHandler } from '../quotes.command-handler';
import { QuoteTerms } from '../quotes.rules';

export class ReviseQuote extends RecordCommand<QuoteTerms> {}

@CommandHandler(ReviseQuote)
export class ReviseQuoteHandler extends QuoteCommandHandler<ReviseQuote> {
  protected async decide({ input, ctx }: ReviseQuote): Promise<QuoteCommand> {
    return {
      type: 'ReviseQuote',
      data: { validUntil: new Date(input.validUntil).toISOString(), lines: await this.rules.lines(input.lines, ctx.actor) },
      by: ctx.actor.userId,
      now: ctx.now,
    };
  }
}
