import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { QuoteCommand } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult } from '../../command-runner';
import { QuoteRules } from '../quotes.rules';

export class RejectQuote extends Command<CommandResult> {
  constructor(
    readonly quoteId: string,
    readonly input: { reason: string },
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RejectQuote)
export class RejectQuoteHandler implements ICommandHandler<RejectQuote> {
  constructor(private readonly rules: QuoteRules) {}

  execute({ quoteId, input, ctx }: RejectQuote): Promise<CommandResult> {
    return this.rules.run(quoteId, ctx, (): QuoteCommand => ({ type: 'RejectQuote', data: { reason: input.reason }, by: ctx.actor.userId, now: ctx.now }));
  }
}
