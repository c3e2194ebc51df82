import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { QuoteCommand } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult } from '../../command-runner';
import { QuoteRules } from '../quotes.rules';

export class SubmitQuote extends Command<CommandResult> {
  constructor(
    readonly quoteId: string,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(SubmitQuote)
export class SubmitQuoteHandler implements ICommandHandler<SubmitQuote> {
  constructor(private readonly rules: QuoteRules) {}

  execute({ quoteId, ctx }: SubmitQuote): Promise<CommandResult> {
    return this.rules.run(quoteId, ctx, (): QuoteCommand => ({ type: 'SubmitQuote', by: ctx.actor.userId, now: ctx.now }));
  }
}
