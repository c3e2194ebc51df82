import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InvalidInput, QuoteCommand, opportunityDecider, opportunityStream } from '@channel-ledger/domain';
import { AggregateReader } from '../../aggregate-reader';
import { CommandResult } from '../../command-runner';
import { newRecordId } from '../../deterministic-id';
import { PartnerDirectory } from '../../partner-directory';
import { NewRecordCommand } from '../../record-command';
import { QuoteRules, QuoteTerms } from '../quotes.rules';

export class CreateQuote extends NewRecordCommand<QuoteTerms & { opportunityId?: string; channelPartnerId?: string; currency: string }> {}

@CommandHandler(CreateQuote)
export class CreateQuoteHandler implements ICommandHandler<CreateQuote> {
  constructor(
    private readonly reader: AggregateReader,
    private readonly directory: PartnerDirectory,
    private readonly rules: QuoteRules,
  ) {}

  async execute({ input, ctx }: CreateQuote): Promise<CommandResult> {
    const { actor } = ctx;
    const channelPartnerId = await this.directory.partnerFor(actor, input.channelPartnerId, 'channelPartnerId', 'name the channel partner of this quote');
    if (input.opportunityId) {
      const { state } = await this.reader.load(opportunityDecider, opportunityStream(input.opportunityId));
      const partners = state.status === 'none' ? [] : [state.channelPartnerId, ...state.lineItems.map((l) => l.partnerId)];
      if (state.status === 'none' || !(await this.directory.canSeeAny(actor, partners))) {
        throw new InvalidInput('opportunityId', 'opportunity_not_found', 'opportunity not found');
      }
    }
    const quoteId = newRecordId('quote', ctx);
    const lines = await this.rules.lines(input.lines, actor);
    return this.rules.create(quoteId, ctx, (): QuoteCommand => ({
      type: 'CreateQuote',
      data: { quoteId, opportunityId: input.opportunityId ?? null, channelPartnerId, currency: input.currency, validUntil: new Date(input.validUntil).toISOString(), lines },
      by: actor.userId,
      now: ctx.now,
    }));
  }
}
