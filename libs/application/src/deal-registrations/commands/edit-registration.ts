import { CommandHandler } from '@nestjs/cqrs';
import { RegistrationCommand, RegistrationDetails } from '@channel-ledger/domain';
import { RecordCommand } from '../../record-command';
import { RegistrationCommandHandler } from '../deal-registrations.command-handler';
import { ExistingRegistration } from '../deal-registrations.rules';

export class EditRegistration extends RecordCommand<{ changes: Partial<RegistrationDetails> }> {}

@CommandHandler(EditRegistration)
export class EditRegistrationHandler extends RegistrationCommandHandler<EditRegistration> {
  protected async decide({ input, ctx }: EditRegistration, state: ExistingRegistration): Promise<RegistrationCommand> {
    return { type: 'EditRegistration', data: { changes: JSON.parse(JSON.stringify(input.changes)) }, by: ctx.actor.userId, context: await this.rules.programFacts(state.partnerId, state.programId), now: ctx.now };
  }
}
