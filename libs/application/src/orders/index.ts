import { Provider } from '@nestjs/common';
import { OrderReadRepository } from './orders.read-repository';
import { ListOrders, ListOrdersHandler } from './queries/list-orders';

export { ListOrders };

// The command and query handlers of orders: one use case a file, under commands/ or queries/.
export const ORDERS_HANDLERS: Provider[] = [OrderReadRepository, ListOrdersHandler];
