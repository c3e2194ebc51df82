import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Actor } from '@channel-ledger/auth';
import { present, quoteDecider, quoteStream, quoteView } from '@channel-ledger/domain';
import { AggregateReader } from '../../aggregate-reader';
import { audienceOf } from '../../audience';
import { PartnerDirectory } from '../../partner-directory';
import { QuoteRules } from '../quotes.rules';

// One quote as its stream folds now, with its stream version for If-Match.
export class GetQuote extends Query<Record<string, unknown>> {
  constructor(
    readonly quoteId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

@QueryHandler(GetQuote)
export class GetQuoteHandler implements IQueryHandler<GetQuote> {
  constructor(
    private readonly reader: AggregateReader,
    private readonly rules: QuoteRules,
    private readonly directory: PartnerDirectory,
  ) {}

  async execute({ quoteId, actor }: GetQuote): Promise<Record<string, unknown>> {
    const { state, version } = await this.reader.load(quoteDecider, quoteStream(quoteId));
    const quote = await this.rules.visible(actor, state);
    const audience = await audienceOf(this.directory, actor, [quote.channelPartnerId, ...quote.lines.map((l) => l.partnerId)]);
    return present(quoteView, { ...quote, streamVersion: version }, audience);
  }
}
