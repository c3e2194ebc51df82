import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RegistrationCommand, registrationDecider, registrationStream } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult, CommandRunner } from '../../command-runner';
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
  constructor(
    private readonly runner: CommandRunner,
    private readonly rules: RegistrationRules,
  ) {}

  execute({ registrationId, input, ctx }: RequestInfo): Promise<CommandResult> {
    return this.runner.run({
      id: registrationId,
      streamId: registrationStream(registrationId),
      decider: registrationDecider,
      ctx,
      authorize: (state) => this.rules.visible(ctx.actor, state),
      command: (): RegistrationCommand => ({ type: 'RequestInfo', data: { message: input.message }, by: ctx.actor.userId, now: ctx.now }),
    });
  }
}
