import type { Page } from '../openapi/shared.responses';

// libs/application/src/webhooks/webhooks.read-repository.ts (endpointView, deliveryView) and queries.

export type WebhookTopic = 'deal_registration' | 'quote' | 'order' | 'case';
export type AttemptReason = 'receiver_error' | 'redirect_refused' | 'timeout' | 'connection_failed' | 'address_refused';

export interface WebhookEndpoint {
  endpointId: string;
  partnerId: string;
  url: string;
  topics: WebhookTopic[];
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
  topic: WebhookTopic;
  subjectId: string;
  eventId: string;
  eventType: string;
  position: string;
  status: 'pending' | 'delivered' | 'dead' | 'cancelled';
  attempts: number;
  /** Set while pending. */
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  /** A reason code only, never what the receiver answered. */
  lastError: AttemptReason | null;
  createdAt: string;
  finishedAt: string | null;
}

export type WebhookDeliveryList = Page<WebhookDeliveryRow>;

// What a delivery POSTs (libs/webhooks/src/topics.ts, WebhookPayload).
export interface DeliveryPayload {
  deliveryId: string;
  topic: WebhookTopic;
  partnerId: string;
  subject: { type: WebhookTopic; id: string };
  event: { id: string; type: string; position: string; revision: number; occurredAt: string; recordedAt: string };
  /** The event's data as the partner reads it; its fields depend on event.type. */
  data: { [field: string]: unknown };
}

// GET /v1/webhooks/deliveries/:deliveryId: the delivery, the body it sends, and each attempt.
export interface WebhookDelivery extends WebhookDeliveryRow {
  /** The JSON body POSTed to the endpoint. */
  payload: DeliveryPayload;
  attemptLog: {
    attempt: number;
    startedAt: string;
    /** Null while the attempt is under way (or its worker stopped). */
    durationMs: number | null;
    statusCode: number | null;
    error: AttemptReason | 'no_outcome' | null;
  }[];
}
