import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Actor } from '@channel-ledger/auth';
import { InvalidInput, NotFound, Opportunity, OpportunityLine, OpportunityCommand, OpportunityEvent, opportunityStream, opportunityDecider } from '@channel-ledger/domain';
import { AggregateReader } from '../aggregate-reader';
import { CommandRunner } from '../command-runner';
import { PartnerDirectory } from '../partner-directory';
import { RecordRules } from '../record-rules';

export type ExistingOpportunity = Exclude<Opportunity, { status: 'none' }>;

export interface OpportunityLineInput {
  product: string;
  quantity: number;
  unitPriceMinor: number;
  partnerId?: string;
}

// What every opportunity use case asks: whether the caller may see a record, and the lines checked against the directory.
@Injectable()
export class OpportunityRules extends RecordRules<OpportunityCommand, OpportunityEvent, Opportunity, ExistingOpportunity> {
  constructor(runner: CommandRunner, reader: AggregateReader, directory: PartnerDirectory) {
    super(runner, reader, directory, { decider: opportunityDecider, stream: opportunityStream });
  }

  async lines(inputs: OpportunityLineInput[]): Promise<OpportunityLine[]> {
    for (const [i, line] of inputs.entries()) {
      if (line.partnerId && !(await this.directory.exists(line.partnerId))) {
        throw new InvalidInput(`lineItems[${i}].partnerId`, 'partner_not_found', `partner ${line.partnerId} does not exist`);
      }
    }
    return inputs.map((l) => ({ lineId: randomUUID(), product: l.product, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor, partnerId: l.partnerId ?? null }));
  }

  async visible(actor: Actor, state: Opportunity): Promise<ExistingOpportunity> {
    const partners = state.status === 'none' ? [] : [state.channelPartnerId, ...state.lineItems.map((l) => l.partnerId)];
    if (state.status === 'none' || !(await this.directory.canSeeAny(actor, partners))) throw new NotFound('opportunity_not_found', 'opportunity not found');
    return state;
  }
}
