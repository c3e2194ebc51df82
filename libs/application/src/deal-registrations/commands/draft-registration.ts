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
    const { programId, partnerId: _given, ...details } = input;
    // The program and the partnership are read with the partner, in one query; the partner's checks answer first.
    const named = input.partnerId ?? (actor.kind === 'partner' ? actor.partnerId : undefined);
    const facts = named === undefined ? undefined : this.rules.programFacts(named, programId);
    facts?.catch(() => undefined);
    const partnerId = await this.directory.partnerFor(actor, input.partnerId, 'partnerId', 'name the partner this registration is for');
    const context = await facts!;
    const registrationId = newRecordId('registration', ctx);
    return this.rules.create(registrationId, ctx, (): RegistrationCommand => ({
      type: 'DraftRegistration',
      data: { ...JSON.parse(JSON.stringify(details)), registrationId, partnerId, programId, submittedBy: actor.userId },
      context,
      now: ctx.now,
    }));
  }
}
