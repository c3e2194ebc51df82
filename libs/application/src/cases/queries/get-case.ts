import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Actor } from '@channel-ledger/auth';
import { caseDecider, caseStream } from '@channel-ledger/domain';
import { caseView, present } from '@channel-ledger/domain/views';
import { AggregateReader } from '../../aggregate-reader';
import { audienceOf } from '../../audience';
import { PartnerDirectory } from '../../partner-directory';
import { CaseRules } from '../cases.rules';

// One case as its stream folds now, with its version for If-Match.
export class GetCase extends Query<Record<string, unknown>> {
  constructor(
    readonly caseId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

@QueryHandler(GetCase)
export class GetCaseHandler implements IQueryHandler<GetCase> {
  constructor(
    private readonly reader: AggregateReader,
    private readonly rules: CaseRules,
    private readonly directory: PartnerDirectory,
  ) {}

  async execute({ caseId, actor }: GetCase): Promise<Record<string, unknown>> {
    const { state, version } = await this.reader.load(caseDecider, caseStream(caseId));
    const found = await this.rules.visible(actor, state);
    return present(caseView, { ...found, version }, await audienceOf(this.directory, actor, [found.partnerId]));
  }
}
