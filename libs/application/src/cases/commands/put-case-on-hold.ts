import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommand, caseDecider, caseStream } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult, CommandRunner } from '../../command-runner';
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
  constructor(
    private readonly runner: CommandRunner,
    private readonly rules: CaseRules,
  ) {}

  execute({ caseId, input, ctx }: PutCaseOnHold): Promise<CommandResult> {
    return this.runner.run({
      id: caseId,
      streamId: caseStream(caseId),
      decider: caseDecider,
      ctx,
      authorize: (state) => this.rules.visible(ctx.actor, state),
      command: (): CaseCommand => ({ type: 'PutCaseOnHold', data: { reason: input.reason }, by: ctx.actor.userId, now: ctx.now }),
    });
  }
}
