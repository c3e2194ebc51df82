import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InvalidInput, RegistrationCommand, RegistrationDetails, registrationDecider, registrationStream } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult, CommandRunner } from '../../command-runner';
import { newRecordId } from '../../deterministic-id';
import { PartnerDirectory } from '../../partner-directory';
import { RegistrationRules } from '../deal-registrations.rules';

export class DraftRegistration extends Command<CommandResult> {
  constructor(
    readonly input: RegistrationDetails & { programId: string; partnerId?: string },
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(DraftRegistration)
export class DraftRegistrationHandler implements ICommandHandler<DraftRegistration> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly rules: RegistrationRules,
    private readonly directory: PartnerDirectory,
  ) {}

  async execute({ input, ctx }: DraftRegistration): Promise<CommandResult> {
    const { actor } = ctx;
    const partnerId = input.partnerId ?? (actor.kind === 'partner' ? actor.partnerId : undefined);
    if (!partnerId) throw new InvalidInput('partnerId', 'partner_required', 'name the partner this registration is for');
    if ((await this.directory.load(partnerId)).state.status !== 'active' || !(await this.directory.canSee(actor, partnerId))) {
      throw new InvalidInput('partnerId', 'partner_not_found', 'partner not found');
    }
    const registrationId = newRecordId('registration', ctx);
    const { programId, partnerId: _given, ...details } = input;
    const context = await this.rules.programFacts(partnerId, programId);
    return this.runner.run({
      id: registrationId,
      streamId: registrationStream(registrationId),
      decider: registrationDecider,
      ctx,
      // A new record: its id is fresh (or derived from this caller's own Idempotency-Key), so nobody else's.
      authorize: (state) => state,
      command: (): RegistrationCommand => ({
        type: 'DraftRegistration',
        data: { ...JSON.parse(JSON.stringify(details)), registrationId, partnerId, programId, submittedBy: actor.userId },
        context,
        now: ctx.now,
      }),
    });
  }
}
