import { QueryHandler } from '@nestjs/cqrs';
import { caseView } from '@channel-ledger/domain/views';
import { RecordQuery, RecordViewHandler } from '../../record-query';
import { ExistingCase, CaseRules } from '../cases.rules';

// One case as its stream folds now, with its version for If-Match.
export class GetCase extends RecordQuery {}

@QueryHandler(GetCase)
export class GetCaseHandler extends RecordViewHandler<GetCase, ExistingCase> {
  constructor(rules: CaseRules) {
    super(rules, caseView, (c) => [c.partnerId]);
  }
}
