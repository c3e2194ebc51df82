import { Provider } from '@nestjs/common';

// The command and query handlers of orders: one use case a file, under commands/ or queries/.
export const ORDERS_HANDLERS: Provider[] = [];
