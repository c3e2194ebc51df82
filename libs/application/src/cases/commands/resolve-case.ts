import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommand } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult } from '../../command-runner';
import { CaseRules } from '../cases.rules';

export class ResolveCase extends Command<CommandResult> {
  constructor(
    readonly caseId: string,
    readonly input: { resolution: string },
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ResolveCase)
export class ResolveCaseHandler implements ICommandHandler<ResolveCase> {
  constructor(private readonly rules: CaseRules) {}

  execute({ caseId, input, ctx }: ResolveCase): Promise<CommandResult> {
    return this.rules.run(caseId, ctx, (): CaseCommand => ({ type: 'ResolveCase', data: { resolution: input.resolution }, by: ctx.actor.userId, now: ctx.now }));
  }
}
