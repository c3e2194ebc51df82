import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseCommand, caseDecider, caseStream } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult, CommandRunner } from '../../command-runner';
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
  constructor(
    private readonly runner: CommandRunner,
    private readonly rules: CaseRules,
  ) {}

  execute({ caseId, input, ctx }: RecordFirstResponse): Promise<CommandResult> {
    return this.runner.run({
      id: caseId,
      streamId: caseStream(caseId),
      decider: caseDecider,
      ctx,
      authorize: (state) => this.rules.visible(ctx.actor, state),
      command: (): CaseCommand => ({ type: 'RecordFirstResponse', data: { message: input.message }, by: ctx.actor.userId, now: ctx.now }),
    });
  }
}
