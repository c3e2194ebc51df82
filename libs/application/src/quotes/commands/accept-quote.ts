import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { QuoteCommand } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult } from '../../command-runner';
import { QuoteRules } from '../quotes.rules';

export class AcceptQuote extends Command<CommandResult> {
  constructor(
    readonly quoteId: string,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(AcceptQuote)
export class AcceptQuoteHandler implements ICommandHandler<AcceptQuote> {
  constructor(private readonly rules: QuoteRules) {}

  execute({ quoteId, ctx }: AcceptQuote): Promise<CommandResult> {
    return this.rules.run(quoteId, ctx, (): QuoteCommand => ({ type: 'AcceptQuote', by: ctx.actor.userId, now: ctx.now }));
  }
}
