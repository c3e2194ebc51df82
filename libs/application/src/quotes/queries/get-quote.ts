import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { quoteView, present } from '@channel-ledger/domain';
import { RecordQuery } from '../../record-query';
import { QuoteRules } from '../quotes.rules';

// One quote as its stream folds now, with its version for If-Match.
export class GetQuote extends RecordQuery {}

@QueryHandler(GetQuote)
export class GetQuoteHandler implements IQueryHandler<GetQuote> {
  constructor(private readonly rules: QuoteRules) {}

  async execute({ id, actor }: GetQuote): Promise<Record<string, unknown>> {
    const { record, version, audience } = await this.rules.read(id, actor, (q) => [q.channelPartnerId, ...q.lines.map((l) => l.partnerId)]);
    return present(quoteView, { ...record, streamVersion: version }, audience);
  }
}
