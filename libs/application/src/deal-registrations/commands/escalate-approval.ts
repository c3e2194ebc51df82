import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RegistrationCommand, registrationDecider, registrationStream } from '@channel-ledger/domain';
import { CommandResult, CommandRunner } from '../../command-runner';
import { BareRecordCommand } from '../../record-command';
import { RegistrationRules } from '../deal-registrations.rules';

export class EscalateApproval extends BareRecordCommand {}

// Built by the approval sweep too, with the runner that counts what it appends.
@CommandHandler(EscalateApproval)
export class EscalateApprovalHandler implements ICommandHandler<EscalateApproval> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly rules: RegistrationRules,
  ) {}

  execute({ id, ctx }: EscalateApproval): Promise<CommandResult> {
    return this.runner.run({
      id,
      streamId: registrationStream(id),
      decider: registrationDecider,
      ctx,
      authorize: (state) => this.rules.visible(ctx.actor, state),
      // Each program's own approval SLA decides whether the registration is overdue.
      command: async (state): Promise<RegistrationCommand> => ({ type: 'EscalateApproval', context: { rules: await this.rules.programRules(state) }, now: ctx.now }),
    });
  }
}
