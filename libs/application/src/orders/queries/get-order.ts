import { QueryHandler } from '@nestjs/cqrs';
import { orderView } from '@channel-ledger/domain';
import { RecordQuery, RecordViewHandler } from '../../record-query';
import { ExistingOrder, OrderRules } from '../orders.rules';

// One order as its stream folds now, with its version for If-Match.
export class GetOrder extends RecordQuery {}

@QueryHandler(GetOrder)
export class GetOrderHandler extends RecordViewHandler<GetOrder, ExistingOrder> {
  constructor(rules: OrderRules) {
    super(rules, orderView, (o) => [o.channelPartnerId, ...o.lines.map((l) => l.partnerId)]);
  }
}
