import { Injectable } from '@nestjs/common';
import { OrderCommand } from '@channel-ledger/domain';
import { BareRecordCommand, RecordCommand } from '../record-command';
import { RecordCommandHandler } from '../record-rules';
import { ExistingOrder, OrderRules } from './orders.rules';

// The handler of a command on one order: its `decide` says which order command it is.
@Injectable()
export abstract class OrderCommandHandler<C extends RecordCommand<unknown> | BareRecordCommand> extends RecordCommandHandler<C, OrderCommand, ExistingOrder> {
  constructor(protected override readonly rules: OrderRules) {
    super(rules);
  }
}
