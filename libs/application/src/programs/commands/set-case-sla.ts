import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseSlaTargets, ProgramCommand, programDecider, programStream } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult, CommandRunner } from '../../command-runner';
import { ProgramRules, plain } from '../programs.rules';

export class SetCaseSla extends Command<CommandResult> {
  constructor(
    readonly programId: string,
    readonly input: CaseSlaTargets,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(SetCaseSla)
export class SetCaseSlaHandler implements ICommandHandler<SetCaseSla> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly rules: ProgramRules,
  ) {}

  execute({ programId, input, ctx }: SetCaseSla): Promise<CommandResult> {
    return this.runner.run({
      id: programId,
      streamId: programStream(programId),
      decider: programDecider,
      ctx,
      authorize: (state) => this.rules.existing(state),
      command: (): ProgramCommand => ({ type: 'SetCaseSla', data: { caseSla: plain(input) }, now: ctx.now }),
    });
  }
}
