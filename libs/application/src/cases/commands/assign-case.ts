import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommand } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult } from '../../command-runner';
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
  constructor(private readonly rules: CaseRules) {}

  execute({ caseId, input, ctx }: AssignCase): Promise<CommandResult> {
    return this.rules.run(caseId, ctx, (): CaseCommand => ({ type: 'AssignCase', data: { assigneeId: input.assigneeId }, by: ctx.actor.userId, now: ctx.now }));
  }
}
