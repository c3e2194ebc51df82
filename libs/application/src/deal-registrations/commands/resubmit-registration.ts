import { CommandHandler } from '@nestjs/cqrs';
import { RegistrationCommand } from '@channel-ledger/domain';
import { RecordCommand } from '../../record-command';
import { RegistrationCommandHandler } from '../deal-registrations.command-handler';
import { ExistingRegistration } from '../deal-registrations.rules';

// Resubmits after an information request, with the partner's answer to it when there is one.
export class ResubmitRegistration extends RecordCommand<{ answer?: string | null }> {}

@CommandHandler(ResubmitRegistration)
export class ResubmitRegistrationHandler extends RegistrationCommandHandler<ResubmitRegistration> {
  protected decide({ input, ctx }: ResubmitRegistration, state: ExistingRegistration): Promise<RegistrationCommand> {
    return this.rules.withConflicts(state, ctx, 'ResubmitRegistration', { answer: input?.answer ?? null });
  }
}
