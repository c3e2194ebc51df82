import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Actor } from '@channel-ledger/auth';
import { InvalidInput, NotFound, Quote, QuoteLineInput, QuoteCommand, QuoteEvent, quoteStream, quoteDecider } from '@channel-ledger/domain';
import { AggregateReader } from '../aggregate-reader';
import { CommandRunner } from '../command-runner';
import { PartnerDirectory } from '../partner-directory';
import { RecordRules } from '../record-rules';

export type ExistingQuote = Exclude<Quote, { status: 'None' }>;

export interface QuoteLineRequest {
  productOffering: string;
  quantity: number;
  unitPriceMinor: number;
  ramp?: { fromMonth: number; toMonth: number; unitPriceMinor: number }[];
  partnerId?: string;
}

export interface QuoteTerms {
  validUntil: string;
  lines: QuoteLineRequest[];
}

// What every quote use case asks: whether the caller may see a quote, and the lines checked against the directory.
@Injectable()
export class QuoteRules extends RecordRules<QuoteCommand, QuoteEvent, Quote, ExistingQuote> {
  constructor(runner: CommandRunner, reader: AggregateReader, directory: PartnerDirectory) {
    super(runner, reader, directory, { decider: quoteDecider, stream: quoteStream });
  }

  // A line names its partner; partner staff may name only partners they see, and one they do not see is refused
  // exactly like one that does not exist (it is not an oracle, and a partner cannot pull another into its quote).
  async lines(requests: QuoteLineRequest[], actor: Actor): Promise<(QuoteLineInput & { lineId: string })[]> {
    for (const [i, line] of requests.entries()) {
      if (line.partnerId && (!(await this.directory.exists(line.partnerId)) || !(await this.directory.canSee(actor, line.partnerId)))) {
        throw new InvalidInput(`lines[${i}].partnerId`, 'partner_not_found', 'partner not found');
      }
    }
    return requests.map((l) => ({
      lineId: randomUUID(),
      productOffering: l.productOffering,
      quantity: l.quantity,
      unitPriceMinor: l.unitPriceMinor,
      ramp: l.ramp ? l.ramp.map((p) => ({ fromMonth: p.fromMonth, toMonth: p.toMonth, unitPriceMinor: p.unitPriceMinor })) : null,
      partnerId: l.partnerId ?? null,
    }));
  }

  async visible(actor: Actor, state: Quote): Promise<ExistingQuote> {
    if (state.status === 'None' || !(await this.directory.canSee(actor, state.channelPartnerId))) throw new NotFound('quote_not_found', 'quote not found');
    return state;
  }
}
