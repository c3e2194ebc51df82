import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RegistrationCommand } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult } from '../../command-runner';
import { RegistrationRules } from '../deal-registrations.rules';

export class RejectRegistration extends Command<CommandResult> {
  constructor(
    readonly registrationId: string,
    readonly input: { reason: string },
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RejectRegistration)
export class RejectRegistrationHandler implements ICommandHandler<RejectRegistration> {
  constructor(private readonly rules: RegistrationRules) {}

  execute({ registrationId, input, ctx }: RejectRegistration): Promise<CommandResult> {
    return this.rules.run(registrationId, ctx, (): RegistrationCommand => ({ type: 'RejectRegistration', data: { reason: input.reason }, by: ctx.actor.userId, now: ctx.now }));
  }
}
