import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { QuoteCommand } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult } from '../../command-runner';
import { QuoteRules } from '../quotes.rules';

export class ApproveQuote extends Command<CommandResult> {
  constructor(
    readonly quoteId: string,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ApproveQuote)
export class ApproveQuoteHandler implements ICommandHandler<ApproveQuote> {
  constructor(private readonly rules: QuoteRules) {}

  execute({ quoteId, ctx }: ApproveQuote): Promise<CommandResult> {
    return this.rules.run(quoteId, ctx, (): QuoteCommand => ({ type: 'ApproveQuote', by: ctx.actor.userId, now: ctx.now }));
  }
}
