import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFound, OpportunityCommand, RegistrationCommand, opportunityDecider, opportunityStream, registrationDecider, registrationStream } from '@channel-ledger/domain';
import { AggregateReader } from '../../aggregate-reader';
import { CommandResult, CommandRunner } from '../../command-runner';
import { deterministicUuid } from '../../deterministic-id';
import { RecordCommand } from '../../record-command';
import { OpportunityLineInput, OpportunityRules } from '../opportunities.rules';

// Converts an approved registration: the opportunity keeps the link and the registration records the
// conversion. The opportunity's id comes from the registration's, so a retry or a race makes one, not two.
// Its id is the registration's.
export class ConvertRegistration extends RecordCommand<{ name: string; lineItems: OpportunityLineInput[] }> {}

@CommandHandler(ConvertRegistration)
export class ConvertRegistrationHandler implements ICommandHandler<ConvertRegistration> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly reader: AggregateReader,
    private readonly rules: OpportunityRules,
  ) {}

  async execute({ id: registrationId, input, ctx }: ConvertRegistration): Promise<CommandResult> {
    const { state: registration } = await this.reader.load(registrationDecider, registrationStream(registrationId));
    if (registration.status === 'None') throw new NotFound('registration_not_found', 'deal registration not found');
    const opportunityId = deterministicUuid(`opportunity-of-registration:${registrationId}`);
    // Check the conversion is allowed before anything is written.
    registrationDecider.decide({ type: 'ConvertRegistration', data: { opportunityId }, by: ctx.actor.userId, now: ctx.now }, registration);
    const existing = await this.reader.load(opportunityDecider, opportunityStream(opportunityId));
    let created: CommandResult | undefined;
    if (existing.state.status === 'none') {
      const data = {
        opportunityId,
        registrationId,
        name: input.name,
        accountName: registration.details.customer.companyName,
        source: registration.details.registrationType === 'influenced' ? ('partner_influenced' as const) : ('partner_sourced' as const),
        channelPartnerId: registration.partnerId,
        currency: registration.details.estimatedSize.currency,
        expectedCloseDate: registration.details.expectedCloseDate,
        lineItems: await this.rules.lines(input.lineItems),
      };
      // A new record: its id is derived from the registration's, so a retry finds the same one.
      created = await this.rules.create(opportunityId, ctx, (): OpportunityCommand => ({ type: 'CreateOpportunity', data, now: ctx.now }));
    }
    await this.runner.run({
      id: registrationId,
      streamId: registrationStream(registrationId),
      decider: registrationDecider,
      ctx: { ...ctx, expectedVersion: undefined },
      authorize: (state) => {
        if (state.status === 'None') throw new NotFound('registration_not_found', 'deal registration not found');
        return state;
      },
      command: (): RegistrationCommand => ({ type: 'ConvertRegistration', data: { opportunityId }, by: ctx.actor.userId, now: ctx.now }),
    });
    const latest = await this.reader.load(opportunityDecider, opportunityStream(opportunityId));
    return created ?? { id: opportunityId, version: latest.version, position: null };
  }
}
