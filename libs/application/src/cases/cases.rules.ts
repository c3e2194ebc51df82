import { Injectable } from '@nestjs/common';
import { Actor } from '@channel-ledger/auth';
import { NotFound, SupportCase, CaseCommand, CaseEvent, caseStream, caseDecider } from '@channel-ledger/domain';
import { AggregateReader } from '../aggregate-reader';
import { CommandRunner } from '../command-runner';
import { PartnerDirectory } from '../partner-directory';
import { RecordRules } from '../record-rules';

export type ExistingCase = Exclude<SupportCase, { status: 'None' }>;

// What every case use case asks: whether the caller may see the case.
@Injectable()
export class CaseRules extends RecordRules<CaseCommand, CaseEvent, SupportCase, ExistingCase> {
  constructor(runner: CommandRunner, reader: AggregateReader, directory: PartnerDirectory) {
    super(runner, reader, directory, { decider: caseDecider, stream: caseStream });
  }

  async visible(actor: Actor, state: SupportCase): Promise<ExistingCase> {
    if (state.status === 'None' || !(await this.directory.canSee(actor, state.partnerId))) throw new NotFound('case_not_found', 'case not found');
    return state;
  }
}
