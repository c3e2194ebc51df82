import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ProgramCommand, programDecider, programStream } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult, CommandRunner } from '../../command-runner';
import { ProgramRules } from '../programs.rules';

export class RetireProgram extends Command<CommandResult> {
  constructor(
    readonly programId: string,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RetireProgram)
export class RetireProgramHandler implements ICommandHandler<RetireProgram> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly rules: ProgramRules,
  ) {}

  execute({ programId, ctx }: RetireProgram): Promise<CommandResult> {
    return this.runner.run({
      id: programId,
      streamId: programStream(programId),
      decider: programDecider,
      ctx,
      authorize: (state) => this.rules.existing(state),
      command: (): ProgramCommand => ({ type: 'RetireProgram', now: ctx.now }),
    });
  }
}
