import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Actor } from '@channel-ledger/auth';
import { present, registrationDecider, registrationStream, registrationView } from '@channel-ledger/domain';
import { AggregateReader } from '../../aggregate-reader';
import { audienceOf } from '../../audience';
import { PartnerDirectory } from '../../partner-directory';
import { RegistrationRules } from '../deal-registrations.rules';

// One registration as its stream folds now, with its version for If-Match.
export class GetRegistration extends Query<Record<string, unknown>> {
  constructor(
    readonly registrationId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

@QueryHandler(GetRegistration)
export class GetRegistrationHandler implements IQueryHandler<GetRegistration> {
  constructor(
    private readonly reader: AggregateReader,
    private readonly rules: RegistrationRules,
    private readonly directory: PartnerDirectory,
  ) {}

  async execute({ registrationId, actor }: GetRegistration): Promise<Record<string, unknown>> {
    const { state, version } = await this.reader.load(registrationDecider, registrationStream(registrationId));
    const registration = await this.rules.visible(actor, state);
    return present(registrationView, { ...registration, version }, await audienceOf(this.directory, actor, [registration.partnerId]));
  }
}
