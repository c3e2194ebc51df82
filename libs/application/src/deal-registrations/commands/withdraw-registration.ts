import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RegistrationCommand } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult } from '../../command-runner';
import { RegistrationRules } from '../deal-registrations.rules';

export class WithdrawRegistration extends Command<CommandResult> {
  constructor(
    readonly registrationId: string,
    readonly input: { reason?: string | null },
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(WithdrawRegistration)
export class WithdrawRegistrationHandler implements ICommandHandler<WithdrawRegistration> {
  constructor(private readonly rules: RegistrationRules) {}

  execute({ registrationId, input, ctx }: WithdrawRegistration): Promise<CommandResult> {
    return this.rules.run(registrationId, ctx, (): RegistrationCommand => ({ type: 'WithdrawRegistration', data: { reason: input.reason ?? null }, by: ctx.actor.userId, now: ctx.now }));
  }
}
