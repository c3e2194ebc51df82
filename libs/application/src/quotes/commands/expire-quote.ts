import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { QuoteCommand, quoteDecider, quoteStream } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult, CommandRunner } from '../../command-runner';
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
  constructor(
    private readonly runner: CommandRunner,
    private readonly rules: QuoteRules,
  ) {}

  execute({ quoteId, ctx }: ExpireQuote): Promise<CommandResult> {
    return this.runner.run({
      id: quoteId,
      streamId: quoteStream(quoteId),
      decider: quoteDecider,
      ctx,
      authorize: (state) => this.rules.visible(ctx.actor, state),
      command: (): QuoteCommand => ({ type: 'ExpireQuote', now: ctx.now }),
    });
  }
}
