import { Provider } from '@nestjs/common';
import { WebhookReadRepository } from './webhooks.read-repository';
import { RegisterWebhook, RegisterWebhookHandler } from './commands/register-webhook';
import { RemoveWebhook, RemoveWebhookHandler } from './commands/remove-webhook';
import { GetDelivery, GetDeliveryHandler } from './queries/get-delivery';
import { ListDeliveries, ListDeliveriesHandler } from './queries/list-deliveries';
import { ListWebhooks, ListWebhooksHandler } from './queries/list-webhooks';

export { RegisterWebhook, RemoveWebhook, GetDelivery, ListDeliveries, ListWebhooks };

// The command and query handlers of webhooks: one use case a file, under commands/ or queries/.
export const WEBHOOKS_HANDLERS: Provider[] = [
  WebhookReadRepository,
  RegisterWebhookHandler,
  RemoveWebhookHandler,
  GetDeliveryHandler,
  ListDeliveriesHandler,
  ListWebhooksHandler,
];
