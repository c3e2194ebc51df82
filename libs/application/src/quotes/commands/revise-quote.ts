import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { QuoteCommand, quoteDecider, quoteStream } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult, CommandRunner } from '../../command-runner';
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
  constructor(
    private readonly runner: CommandRunner,
    private readonly rules: QuoteRules,
  ) {}

  execute({ quoteId, input, ctx }: ReviseQuote): Promise<CommandResult> {
    return this.runner.run({
      id: quoteId,
      streamId: quoteStream(quoteId),
      decider: quoteDecider,
      ctx,
      authorize: (state) => this.rules.visible(ctx.actor, state),
      command: async (): Promise<QuoteCommand> => ({
        type: 'ReviseQuote',
        data: { validUntil: new Date(input.validUntil).toISOString(), lines: await this.rules.lines(input.lines, ctx.actor) },
        by: ctx.actor.userId,
        now: ctx.now,
      }),
    });
  }
}
