import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Actor } from '@channel-ledger/auth';
import { orderDecider, orderStream, orderView, present } from '@channel-ledger/domain';
import { AggregateReader } from '../../aggregate-reader';
import { audienceOf } from '../../audience';
import { PartnerDirectory } from '../../partner-directory';
import { OrderRules } from '../orders.rules';

// One order as its stream folds now, with its version for If-Match.
export class GetOrder extends Query<Record<string, unknown>> {
  constructor(
    readonly orderId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

@QueryHandler(GetOrder)
export class GetOrderHandler implements IQueryHandler<GetOrder> {
  constructor(
    private readonly reader: AggregateReader,
    private readonly rules: OrderRules,
    private readonly directory: PartnerDirectory,
  ) {}

  async execute({ orderId, actor }: GetOrder): Promise<Record<string, unknown>> {
    const { state, version } = await this.reader.load(orderDecider, orderStream(orderId));
    const order = await this.rules.visible(actor, state);
    return present(orderView, { ...order, version }, await audienceOf(this.directory, actor, [order.channelPartnerId, ...order.lines.map((l) => l.partnerId)]));
  }
}
