import { CommandHandler } from '@nestjs/cqrs';
import { RegistrationCommand } from '@channel-ledger/domain';
import { RecordCommand } from '../../record-command';
import { RegistrationCommandHandler } from '../deal-registrations.command-handler';
import { ExistingRegistration } from '../deal-registrations.rules';

export class RequestExtension extends RecordCommand<{ reason: string }> {}

@CommandHandler(RequestExtension)
export class RequestExtensionHandler extends RegistrationCommandHandler<RequestExtension> {
  protected async decide({ input, ctx }: RequestExtension, state: ExistingRegistration): Promise<RegistrationCommand> {
    return { type: 'RequestExtension', data: { reason: input.reason }, by: ctx.actor.userId, context: { rules: await this.rules.programRules(state) }, now: ctx.now };
  }
}
