import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { QuoteCommand } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult } from '../../command-runner';
import { QuoteRules } from '../quotes.rules';

export class ExpireQuote extends Command<CommandResult> {
  constructor(
    readonly quoteId: string,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ExpireQuote)
export class ExpireQuoteHandler implements ICommandHandler<ExpireQuote> {
  constructor(private readonly rules: QuoteRules) {}

  execute({ quoteId, ctx }: ExpireQuote): Promise<CommandResult> {
    return this.rules.run(quoteId, ctx, (): QuoteCommand => ({ type: 'ExpireQuote', now: ctx.now }));
  }
}
