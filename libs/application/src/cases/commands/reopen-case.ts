import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommand } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult } from '../../command-runner';
import { CaseRules } from '../cases.rules';

export class ReopenCase extends Command<CommandResult> {
  constructor(
    readonly caseId: string,
    readonly input: { reason: string },
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ReopenCase)
export class ReopenCaseHandler implements ICommandHandler<ReopenCase> {
  constructor(private readonly rules: CaseRules) {}

  execute({ caseId, input, ctx }: ReopenCase): Promise<CommandResult> {
    return this.rules.run(caseId, ctx, (): CaseCommand => ({ type: 'ReopenCase', data: { reason: input.reason }, by: ctx.actor.userId, now: ctx.now }));
  }
}
