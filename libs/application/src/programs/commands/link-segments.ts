import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Tier, ProgramCommand, programDecider, programStream } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult, CommandRunner } from '../../command-runner';
import { ProgramRules } from '../programs.rules';

export class LinkSegments extends Command<CommandResult> {
  constructor(
    readonly programId: string,
    readonly input: { segments: Tier[] },
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(LinkSegments)
export class LinkSegmentsHandler implements ICommandHandler<LinkSegments> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly rules: ProgramRules,
  ) {}

  execute({ programId, input, ctx }: LinkSegments): Promise<CommandResult> {
    return this.runner.run({
      id: programId,
      streamId: programStream(programId),
      decider: programDecider,
      ctx,
      authorize: (state) => this.rules.existing(state),
      command: (): ProgramCommand => ({ type: 'LinkSegments', data: { segments: input.segments }, now: ctx.now }),
    });
  }
}
