import type { Page } from '../openapi/shared.responses';

export interface WebhookEndpoint {
  endpointId: string;
  partnerId: string;
  url: string;
  topics: string[];
  description: string | null;
  active: boolean;
  createdBy: string;
  createdAt: string;
  deactivatedAt: string | null;
}

export interface WebhookList {
  items: WebhookEndpoint[];
}

export interface WebhookDeliveryRow {
  deliveryId: string;
  endpointId: string;
  partnerId: string;
  topic: string;
  status: string;
  [field: string]: unknown;
}

export type WebhookDeliveryList = Page<WebhookDeliveryRow>;

export interface WebhookDelivery extends WebhookDeliveryRow {
  attemptLog?: { [field: string]: unknown }[];
}
