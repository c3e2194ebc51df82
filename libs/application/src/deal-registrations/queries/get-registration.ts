import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { present, registrationView } from '@channel-ledger/domain';
import { RecordQuery } from '../../record-query';
import { RegistrationRules } from '../deal-registrations.rules';

// One registration as its stream folds now, with its version for If-Match.
export class GetRegistration extends RecordQuery {}

@QueryHandler(GetRegistration)
export class GetRegistrationHandler implements IQueryHandler<GetRegistration> {
  constructor(private readonly rules: RegistrationRules) {}

  async execute({ id, actor }: GetRegistration): Promise<Record<string, unknown>> {
    const { record, version, audience } = await this.rules.read(id, actor, (r) => [r.partnerId]);
    return present(registrationView, { ...record, version }, audience);
  }
}
