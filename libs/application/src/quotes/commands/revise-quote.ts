import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { QuoteCommand } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult } from '../../command-runner';
import { QuoteTerms, QuoteRules } from '../quotes.rules';

export class ReviseQuote extends Command<CommandResult> {
  constructor(
    readonly quoteId: string,
    readonly input: QuoteTerms,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ReviseQuote)
export class ReviseQuoteHandler implements ICommandHandler<ReviseQuote> {
  constructor(private readonly rules: QuoteRules) {}

  execute({ quoteId, input, ctx }: ReviseQuote): Promise<CommandResult> {
    return this.rules.run(quoteId, ctx, async (): Promise<QuoteCommand> => ({
      type: 'ReviseQuote',
      data: { validUntil: new Date(input.validUntil).toISOString(), lines: await this.rules.lines(input.lines, ctx.actor) },
      by: ctx.actor.userId,
      now: ctx.now,
    }));
  }
}
