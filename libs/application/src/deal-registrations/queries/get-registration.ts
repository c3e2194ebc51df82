import { QueryHandler } from '@nestjs/cqrs';
import { registrationView } from '@channel-ledger/domain';
import { RecordQuery, RecordViewHandler } from '../../record-query';
import { ExistingRegistration, RegistrationRules } from '../deal-registrations.rules';

// One registration as its stream folds now, with its version for If-Match.
export class GetRegistration extends RecordQuery {}

@QueryHandler(GetRegistration)
export class GetRegistrationHandler extends RecordViewHandler<GetRegistration, ExistingRegistration> {
  constructor(rules: RegistrationRules) {
    super(rules, registrationView, (r) => [r.partnerId]);
  }
}
