import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RegistrationCommand, RegistrationDetails } from '@channel-ledger/domain';
import { CommandResult } from '../../command-runner';
import { newRecordId } from '../../deterministic-id';
import { PartnerDirectory } from '../../partner-directory';
import { NewRecordCommand } from '../../record-command';
import { RegistrationRules } from '../deal-registrations.rules';

export class DraftRegistration extends NewRecordCommand<RegistrationDetails & { programId: string; partnerId?: string }> {}

@CommandHandler(DraftRegistration)
export class DraftRegistrationHandler implements ICommandHandler<DraftRegistration> {
  constructor(
    private readonly rules: RegistrationRules,
    private readonly directory: PartnerDirectory,
  ) {}

  async execute({ input, ctx }: DraftRegistration): Promise<CommandResult> {
    const { actor } = ctx;
    const partnerId = await this.directory.partnerFor(actor, input.partnerId, 'partnerId', 'name the partner this registration is for');
    const registrationId = newRecordId('registration', ctx);
    const { programId, partnerId: _given, ...details } = input;
    const context = await this.rules.programFacts(partnerId, programId);
    return this.rules.create(registrationId, ctx, (): RegistrationCommand => ({
      type: 'DraftRegistration',
      data: { ...JSON.parse(JSON.stringify(details)), registrationId, partnerId, programId, submittedBy: actor.userId },
      context,
      now: ctx.now,
    }));
  }
}
