import { Inject, Injectable } from '@nestjs/common';
import { Insertable, Kysely, RawBuilder, Selectable, SqlBool, sql } from 'kysely';
import { Actor } from '@channel-ledger/auth';
import { NotFound } from '@channel-ledger/domain';
import { READ_DB } from '@channel-ledger/platform';
import { ReadDB } from '@channel-ledger/read-store';
import { TOPICS, WebhookDelivery, WebhookEndpoint, WebhookTables, shownReason } from '@channel-ledger/webhooks';
import { PartnerDirectoryTables } from '@channel-ledger/projections/partner-directory/partner-directory.tables';
import { eq, ListPaging, keysetList } from '../keyset-list';
import { visibleTo } from '../scope';

type DB = ReadDB & WebhookTables & PartnerDirectoryTables;
type WebhookAttempt = Selectable<WebhookTables['webhook_attempts']>;

export function endpointView(e: WebhookEndpoint) {
  return {
    endpointId: e.endpoint_id,
    partnerId: e.partner_id,
    url: e.url,
    topics: e.topics ?? [...TOPICS],
    description: e.description,
    active: e.active,
    createdBy: e.created_by,
    createdAt: e.created_at.toISOString(),
    deactivatedAt: e.deactivated_at?.toISOString() ?? null,
  };
}

export function deliveryView(d: WebhookDelivery) {
  return {
    deliveryId: d.delivery_id,
    endpointId: d.endpoint_id,
    partnerId: d.partner_id,
    topic: d.topic,
    subjectId: d.subject_id,
    eventId: d.event_id,
    eventType: d.event_type,
    position: d.position,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' ? d.next_attempt_at.toISOString() : null,
    lastStatusCode: d.last_status_code,
    // A reason code only: never what the receiver answered or what the socket said.
    lastError: shownReason(d.last_error, d.last_status_code),
    createdAt: d.created_at.toISOString(),
    finishedAt: d.finished_at?.toISOString() ?? null,
  };
}

export interface DeliveryListFilter extends Omit<ListPaging, 'sort'> {
  status?: string;
}

// The endpoint and delivery tables, every query scoped to what the caller may see in the SQL. An endpoint is a row
// of the caller's own organisation, not an event: its registration and deactivation are written here too.
@Injectable()
export class WebhookReadRepository {
  constructor(@Inject(READ_DB) private readonly db: Kysely<DB>) {}

  insertEndpoint(values: Insertable<WebhookTables['webhook_endpoints']>): Promise<WebhookEndpoint> {
    return this.db.insertInto('webhook_endpoints').values(values).returningAll().executeTakeFirstOrThrow();
  }

  // Pending deliveries to it are cancelled when they next come due.
  async deactivateEndpoint(endpointId: string): Promise<void> {
    await this.db.updateTable('webhook_endpoints').set({ active: false, deactivated_at: sql`coalesce(deactivated_at, now())` }).where('endpoint_id', '=', endpointId).execute();
  }

  listEndpoints(actor: Actor): Promise<WebhookEndpoint[]> {
    return this.db.selectFrom('webhook_endpoints').selectAll().where(visibleTo(actor, 'partner_id')).orderBy('created_at', 'desc').orderBy('endpoint_id').limit(100).execute();
  }

  async endpoint(actor: Actor, endpointId: string): Promise<WebhookEndpoint> {
    const row = await this.db.selectFrom('webhook_endpoints').selectAll().where('endpoint_id', '=', endpointId).where(visibleTo(actor, 'partner_id')).executeTakeFirst();
    if (!row) throw new NotFound('not_found', 'webhook endpoint not found');
    return row;
  }

  delivery(actor: Actor, deliveryId: string): Promise<WebhookDelivery | undefined> {
    return this.db.selectFrom('webhook_deliveries').selectAll().where('delivery_id', '=', deliveryId).where(visibleTo(actor, 'partner_id')).executeTakeFirst();
  }

  attempts(deliveryId: string): Promise<WebhookAttempt[]> {
    return this.db.selectFrom('webhook_attempts').selectAll().where('delivery_id', '=', deliveryId).orderBy('attempt').execute();
  }

  deliveries<Item>(actor: Actor, endpointId: string, filter: DeliveryListFilter, map: (row: WebhookDelivery) => Item) {
    const where: RawBuilder<SqlBool>[] = [visibleTo(actor, 'partner_id'), ...eq('endpoint_id', endpointId), ...eq('status', filter.status)];
    return keysetList(this.db, {
      table: 'webhook_deliveries',
      id: 'delivery_id',
      sorts: { createdAt: { column: 'created_at', type: 'timestamptz' } },
      defaultSort: 'createdAt',
      paging: { order: filter.order, limit: filter.limit, cursor: filter.cursor },
      where,
      map,
    });
  }
}
