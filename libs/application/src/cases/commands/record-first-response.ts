import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommand } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult } from '../../command-runner';
import { CaseRules } from '../cases.rules';

export class RecordFirstResponse extends Command<CommandResult> {
  constructor(
    readonly caseId: string,
    readonly input: { message: string },
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RecordFirstResponse)
export class RecordFirstResponseHandler implements ICommandHandler<RecordFirstResponse> {
  constructor(private readonly rules: CaseRules) {}

  execute({ caseId, input, ctx }: RecordFirstResponse): Promise<CommandResult> {
    return this.rules.run(caseId, ctx, (): CaseCommand => ({ type: 'RecordFirstResponse', data: { message: input.message }, by: ctx.actor.userId, now: ctx.now }));
  }
}
