import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommand } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult } from '../../command-runner';
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
  constructor(private readonly rules: CaseRules) {}

  execute({ caseId, ctx }: ResumeCase): Promise<CommandResult> {
    return this.rules.run(caseId, ctx, (): CaseCommand => ({ type: 'ResumeCase', by: ctx.actor.userId, now: ctx.now }));
  }
}
