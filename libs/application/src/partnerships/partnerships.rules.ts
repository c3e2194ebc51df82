import { Injectable } from '@nestjs/common';
import { Tier, programDecider, programStream } from '@channel-ledger/domain';
import { AggregateReader } from '../aggregate-reader';

// What the partnership use cases read from the program: whether it is active and which tiers it offers.
@Injectable()
export class PartnershipRules {
  constructor(private readonly reader: AggregateReader) {}

  async programTiers(programId: string): Promise<{ active: boolean; tiers: Tier[] }> {
    const { state } = await this.reader.load(programDecider, programStream(programId));
    return { active: state.status === 'active', tiers: state.status === 'none' ? [] : state.tiers.map((t) => t.name) };
  }
}
