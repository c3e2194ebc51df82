import { CommandHandler } from '@nestjs/cqrs';
import { RegistrationCommand } from '@channel-ledger/domain';
import { BareRecordCommand } from '../../record-command';
import { RegistrationCommandHandler } from '../deal-registrations.command-handler';
import { ExistingRegistration } from '../deal-registrations.rules';

export class GrantExtension extends BareRecordCommand {}

@CommandHandler(GrantExtension)
export class GrantExtensionHandler extends RegistrationCommandHandler<GrantExtension> {
  protected async decide({ ctx }: GrantExtension, state: ExistingRegistration): Promise<RegistrationCommand> {
    return { type: 'GrantExtension', by: ctx.actor.userId, context: { rules: await this.rules.programRules(state) }, now: ctx.now };
  }
}
