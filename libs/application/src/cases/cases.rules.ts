import { Injectable } from '@nestjs/common';
import { Actor } from '@channel-ledger/auth';
import { NotFound, SupportCase } from '@channel-ledger/domain';
import { PartnerDirectory } from '../partner-directory';

export type ExistingCase = Exclude<SupportCase, { status: 'None' }>;

// What every case use case asks: whether the caller may see the case.
@Injectable()
export class CaseRules {
  constructor(private readonly directory: PartnerDirectory) {}

  async visible(actor: Actor, state: SupportCase): Promise<ExistingCase> {
    if (state.status === 'None' || !(await this.directory.canSee(actor, state.partnerId))) throw new NotFound('case_not_found', 'case not found');
    return state;
  }
}
