import { Injectable } from '@nestjs/common';
import { QuoteCommand } from '@channel-ledger/domain';
import { BareRecordCommand, RecordCommand } from '../record-command';
import { RecordCommandHandler } from '../record-rules';
import { ExistingQuote, QuoteRules } from './quotes.rules';

// The handler of a command on one quote: its `decide` says which quote command it is.
@Injectable()
export abstract class QuoteCommandHandler<C extends RecordCommand<unknown> | BareRecordCommand> extends RecordCommandHandler<C, QuoteCommand, ExistingQuote> {
  constructor(protected override readonly rules: QuoteRules) {
    super(rules);
  }
}
