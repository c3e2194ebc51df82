import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DealRegistrationRules, ProgramCommand, programDecider, programStream } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult, CommandRunner } from '../../command-runner';
import { ProgramRules, plain } from '../programs.rules';

export class UpdateProgramRules extends Command<CommandResult> {
  constructor(
    readonly programId: string,
    readonly input: { rules: DealRegistrationRules },
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(UpdateProgramRules)
export class UpdateProgramRulesHandler implements ICommandHandler<UpdateProgramRules> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly rules: ProgramRules,
  ) {}

  execute({ programId, input, ctx }: UpdateProgramRules): Promise<CommandResult> {
    return this.runner.run({
      id: programId,
      streamId: programStream(programId),
      decider: programDecider,
      ctx,
      authorize: (state) => this.rules.existing(state),
      command: (): ProgramCommand => ({ type: 'UpdateProgramRules', data: { rules: plain(input.rules) }, now: ctx.now }),
    });
  }
}
