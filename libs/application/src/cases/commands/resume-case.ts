import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommand, caseDecider, caseStream } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult, CommandRunner } from '../../command-runner';
import { CaseRules } from '../cases.rules';

export class ResumeCase extends Command<CommandResult> {
  constructor(
    readonly caseId: string,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ResumeCase)
export class ResumeCaseHandler implements ICommandHandler<ResumeCase> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly rules: CaseRules,
  ) {}

  execute({ caseId, ctx }: ResumeCase): Promise<CommandResult> {
    return this.runner.run({
      id: caseId,
      streamId: caseStream(caseId),
      decider: caseDecider,
      ctx,
      authorize: (state) => this.rules.visible(ctx.actor, state),
      command: (): CaseCommand => ({ type: 'ResumeCase', by: ctx.actor.userId, now: ctx.now }),
    });
  }
}
