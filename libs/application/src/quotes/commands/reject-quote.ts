import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { QuoteCommand, quoteDecider, quoteStream } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult, CommandRunner } from '../../command-runner';
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
  constructor(
    private readonly runner: CommandRunner,
    private readonly rules: QuoteRules,
  ) {}

  execute({ quoteId, input, ctx }: RejectQuote): Promise<CommandResult> {
    return this.runner.run({
      id: quoteId,
      streamId: quoteStream(quoteId),
      decider: quoteDecider,
      ctx,
      authorize: (state) => this.rules.visible(ctx.actor, state),
      command: (): QuoteCommand => ({ type: 'RejectQuote', data: { reason: input.reason }, by: ctx.actor.userId, now: ctx.now }),
    });
  }
}
