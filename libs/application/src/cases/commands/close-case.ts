import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommand } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult } from '../../command-runner';
import { CaseRules } from '../cases.rules';

export class CloseCase extends Command<CommandResult> {
  constructor(
    readonly caseId: string,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(CloseCase)
export class CloseCaseHandler implements ICommandHandler<CloseCase> {
  constructor(private readonly rules: CaseRules) {}

  execute({ caseId, ctx }: CloseCase): Promise<CommandResult> {
    return this.rules.run(caseId, ctx, (): CaseCommand => ({ type: 'CloseCase', by: ctx.actor.userId, now: ctx.now }));
  }
}
