import { Generated, Selectable } from 'kysely';

export interface WebhookEndpointsTable {
  endpoint_id: string;
  partner_id: string;
  url: string;
  secret: string;
  topics: string[] | null;
  description: string | null;
  active: Generated<boolean>;
  created_by: string;
  created_at: Generated<Date>;
  deactivated_at: Date | null;
}

export interface WebhookSubjectsTable {
  stream_id: string;
  partner_id: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'dead' | 'cancelled';

export interface WebhookDeliveriesTable {
  delivery_id: string;
  endpoint_id: string;
  partner_id: string;
  event_id: string;
  event_type: string;
  topic: string;
  subject_id: string;
  position: string;
  payload: unknown;
  status: DeliveryStatus;
  attempts: Generated<number>;
  next_attempt_at: Date;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Generated<Date>;
  finished_at: Date | null;
}

export interface WebhookAttemptsTable {
  delivery_id: string;
  attempt: number;
  started_at: Date;
  duration_ms: number | null;
  status_code: number | null;
  error: string | null;
  worker: string;
}

export interface WebhookTables {
  webhook_endpoints: WebhookEndpointsTable;
  webhook_subjects: WebhookSubjectsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
}

export type WebhookEndpoint = Selectable<WebhookEndpointsTable>;
export type WebhookDelivery = Selectable<WebhookDeliveriesTable>;
