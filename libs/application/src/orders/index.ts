import { Provider } from '@nestjs/common';
import { OrderRules } from './orders.rules';
import { OrderReadRepository } from './orders.read-repository';
import { CancelOrder, CancelOrderHandler } from './commands/cancel-order';
import { CloseOrder, CloseOrderHandler } from './commands/close-order';
import { CreateOrder, CreateOrderHandler } from './commands/create-order';
import { FulfilLine, FulfilLineHandler } from './commands/fulfil-line';
import { StartFulfilment, StartFulfilmentHandler } from './commands/start-fulfilment';
import { SubmitOrder, SubmitOrderHandler } from './commands/submit-order';
import { GetOrder, GetOrderHandler } from './queries/get-order';
import { GetOrderTimeline, GetOrderTimelineHandler } from './queries/get-order-timeline';
import { ListOrders, ListOrdersHandler } from './queries/list-orders';

export { OrderRules };
export { CancelOrder, CloseOrder, CreateOrder, FulfilLine, StartFulfilment, SubmitOrder, GetOrder, GetOrderTimeline, ListOrders };

// The command and query handlers of orders: one use case a file, under commands/ or queries/.
export const ORDERS_HANDLERS: Provider[] = [
  OrderRules,
  CancelOrderHandler,
  CloseOrderHandler,
  CreateOrderHandler,
  FulfilLineHandler,
  StartFulfilmentHandler,
  SubmitOrderHandler,
  GetOrderHandler,
  GetOrderTimelineHandler,
  OrderReadRepository,
  ListOrdersHandler,
];
