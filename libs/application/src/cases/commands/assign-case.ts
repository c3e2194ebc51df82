import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommand, caseDecider, caseStream } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult, CommandRunner } from '../../command-runner';
import { CaseRules } from '../cases.rules';

export class AssignCase extends Command<CommandResult> {
  constructor(
    readonly caseId: string,
    readonly input: { assigneeId: string },
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(AssignCase)
export class AssignCaseHandler implements ICommandHandler<AssignCase> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly rules: CaseRules,
  ) {}

  execute({ caseId, input, ctx }: AssignCase): Promise<CommandResult> {
    return this.runner.run({
      id: caseId,
      streamId: caseStream(caseId),
      decider: caseDecider,
      ctx,
      authorize: (state) => this.rules.visible(ctx.actor, state),
      command: (): CaseCommand => ({ type: 'AssignCase', data: { assigneeId: input.assigneeId }, by: ctx.actor.userId, now: ctx.now }),
    });
  }
}
