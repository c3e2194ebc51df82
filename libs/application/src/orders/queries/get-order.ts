import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { orderView, present } from '@channel-ledger/domain';
import { RecordQuery } from '../../record-query';
import { OrderRules } from '../orders.rules';

// One order as its stream folds now, with its version for If-Match.
export class GetOrder extends RecordQuery {}

@QueryHandler(GetOrder)
export class GetOrderHandler implements IQueryHandler<GetOrder> {
  constructor(private readonly rules: OrderRules) {}

  async execute({ id, actor }: GetOrder): Promise<Record<string, unknown>> {
    const { record, version, audience } = await this.rules.read(id, actor, (o) => [o.channelPartnerId, ...o.lines.map((l) => l.partnerId)]);
    return present(orderView, { ...record, version }, audience);
  }
}
