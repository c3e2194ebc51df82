import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommand } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult } from '../../command-runner';
import { CaseRules } from '../cases.rules';

export class PutCaseOnHold extends Command<CommandResult> {
  constructor(
    readonly caseId: string,
    readonly input: { reason: string },
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(PutCaseOnHold)
export class PutCaseOnHoldHandler implements ICommandHandler<PutCaseOnHold> {
  constructor(private readonly rules: CaseRules) {}

  execute({ caseId, input, ctx }: PutCaseOnHold): Promise<CommandResult> {
    return this.rules.run(caseId, ctx, (): CaseCommand => ({ type: 'PutCaseOnHold', data: { reason: input.reason }, by: ctx.actor.userId, now: ctx.now }));
  }
}
