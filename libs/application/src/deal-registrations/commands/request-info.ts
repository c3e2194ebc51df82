import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RegistrationCommand } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult } from '../../command-runner';
import { RegistrationRules } from '../deal-registrations.rules';

export class RequestInfo extends Command<CommandResult> {
  constructor(
    readonly registrationId: string,
    readonly input: { message: string },
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RequestInfo)
export class RequestInfoHandler implements ICommandHandler<RequestInfo> {
  constructor(private readonly rules: RegistrationRules) {}

  execute({ registrationId, input, ctx }: RequestInfo): Promise<CommandResult> {
    return this.rules.run(registrationId, ctx, (): RegistrationCommand => ({ type: 'RequestInfo', data: { message: input.message }, by: ctx.actor.userId, now: ctx.now }));
  }
}
