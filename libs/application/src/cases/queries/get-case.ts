import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { caseView, present } from '@channel-ledger/domain/views';
import { RecordQuery } from '../../record-query';
import { CaseRules } from '../cases.rules';

// One case as its stream folds now, with its version for If-Match.
export class GetCase extends RecordQuery {}

@QueryHandler(GetCase)
export class GetCaseHandler implements IQueryHandler<GetCase> {
  constructor(private readonly rules: CaseRules) {}

  async execute({ id, actor }: GetCase): Promise<Record<string, unknown>> {
    const { record, version, audience } = await this.rules.read(id, actor, (c) => [c.partnerId]);
    return present(caseView, { ...record, version }, audience);
  }
}
