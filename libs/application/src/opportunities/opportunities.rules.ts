import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Actor } from '@channel-ledger/auth';
import { InvalidInput, NotFound, Opportunity, OpportunityLine, OpportunityCommand, opportunityStream, opportunityDecider } from '@channel-ledger/domain';
import { CommandContext } from '../command-context';
import { CommandResult, CommandRunner } from '../command-runner';
import { PartnerDirectory } from '../partner-directory';

export type ExistingOpportunity = Exclude<Opportunity, { status: 'none' }>;

export interface OpportunityLineInput {
  product: string;
  quantity: number;
  unitPriceMinor: number;
  partnerId?: string;
}

// What every opportunity use case asks: whether the caller may see a record, and the lines checked against the directory.
@Injectable()
export class OpportunityRules {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: PartnerDirectory,
  ) {}

  async lines(inputs: OpportunityLineInput[]): Promise<OpportunityLine[]> {
    for (const [i, line] of inputs.entries()) {
      if (line.partnerId && !(await this.directory.exists(line.partnerId))) {
        throw new InvalidInput(`lineItems[${i}].partnerId`, 'partner_not_found', `partner ${line.partnerId} does not exist`);
      }
    }
    return inputs.map((l) => ({ lineId: randomUUID(), product: l.product, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor, partnerId: l.partnerId ?? null }));
  }

  // A command on one opportunity the caller may see: read, fold, authorize, decide, append (the shared kernel).
  run(opportunityId: string, ctx: CommandContext, command: (state: ExistingOpportunity) => Promise<OpportunityCommand> | OpportunityCommand): Promise<CommandResult> {
    return this.runner.run({ id: opportunityId, streamId: opportunityStream(opportunityId), decider: opportunityDecider, ctx, authorize: (state) => this.visible(ctx.actor, state), command });
  }

  async visible(actor: Actor, state: Opportunity): Promise<ExistingOpportunity> {
    const partners = state.status === 'none' ? [] : [state.channelPartnerId, ...state.lineItems.map((l) => l.partnerId)];
    if (state.status === 'none' || !(await this.directory.canSeeAny(actor, partners))) throw new NotFound('opportunity_not_found', 'opportunity not found');
    return state;
  }
}
