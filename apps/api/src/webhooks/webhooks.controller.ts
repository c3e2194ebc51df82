import { UuidParam } from '../common/uuid-param';
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { Kysely, RawBuilder, SqlBool, sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '@channel-ledger/config';
import { InvalidInput, NotFound } from '@channel-ledger/domain';
import { APP_CONFIG, READ_DB } from '@channel-ledger/platform';
import { ReadDB } from '@channel-ledger/read-store';
import { TOPICS, WebhookDelivery, WebhookEndpoint, WebhookTables, endpointUrlProblem, shownReason } from '@channel-ledger/webhooks';
import { PartnerDirectoryTables } from '@channel-ledger/projections/partner-directory/partner-directory.tables';
import { ReplayStoredAnswer } from '../common/idempotency.interceptor';
import { AllowRoles, AuthenticatedRequest } from '../auth/auth.guard';
import { eq, keysetList } from '../common/keyset-list';
import { ListQuery } from '../common/list-query.dto';
import { visibleTo } from '@channel-ledger/application';

type DB = ReadDB & WebhookTables & PartnerDirectoryTables;

export class RegisterWebhookDto {
  // https:// on a public host (checked below, with the reason).
  @IsString() @MaxLength(2048) url!: string;
  // Shared with the receiver, who checks each delivery's signature with it. Never shown again.
  @IsString() @Length(24, 256) secret!: string;
  // Omit for every topic.
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(TOPICS.length) @ArrayUnique() @IsIn(TOPICS, { each: true }) topics?: string[];
  @IsOptional() @IsString() @MaxLength(200) description?: string;
}

export class ListDeliveriesQuery extends ListQuery {
  @IsOptional() @IsIn(['pending', 'delivered', 'dead', 'cancelled']) status?: string;
}

function endpointView(e: WebhookEndpoint) {
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

function deliveryView(d: WebhookDelivery) {
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

// Partner webhooks: a partner manager registers endpoints for its organisation; the state changes of its deal
// registrations, quotes, orders and cases are delivered there, signed. Partner managers see the endpoints and
// deliveries of their organisation and its descendants; ops and admins see all.
@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('v1/webhooks')
export class WebhooksController {
  constructor(
    @Inject(READ_DB) private readonly db: Kysely<DB>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @AllowRoles('partner_manager')
  // An endpoint is a row of the caller's own organisation, not an event: a retry must not add a second one.
  @ReplayStoredAnswer()
  async register(@Body() body: RegisterWebhookDto, @Req() request: AuthenticatedRequest) {
    const actor = request.actor;
    if (actor.kind !== 'partner') throw new InvalidInput('partnerId', 'partner_required', 'webhooks are registered by partner managers for their organisation');
    const problem = endpointUrlProblem(body.url, this.config.webhooks.allowInsecure);
    if (problem) throw new InvalidInput('url', 'invalid_url', `url ${problem}`);
    const row = await this.db
      .insertInto('webhook_endpoints')
      .values({
        endpoint_id: randomUUID(),
        partner_id: actor.partnerId,
        url: body.url,
        secret: body.secret,
        topics: body.topics ?? null,
        description: body.description ?? null,
        created_by: actor.userId,
        deactivated_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return endpointView(row);
  }

  @Get()
  @AllowRoles('partner_manager', 'ops', 'admin')
  async list(@Req() request: AuthenticatedRequest) {
    const rows = await this.db.selectFrom('webhook_endpoints').selectAll().where(visibleTo(request.actor, 'partner_id')).orderBy('created_at', 'desc').orderBy('endpoint_id').limit(100).execute();
    return { items: rows.map(endpointView) };
  }

  @Delete(':endpointId')
  @HttpCode(204)
  @AllowRoles('partner_manager', 'admin')
  async remove(@Param('endpointId', new UuidParam('any')) endpointId: string, @Req() request: AuthenticatedRequest): Promise<void> {
    await this.endpoint(endpointId, request);
    // Pending deliveries to it are cancelled when they next come due.
    await this.db.updateTable('webhook_endpoints').set({ active: false, deactivated_at: sql`coalesce(deactivated_at, now())` }).where('endpoint_id', '=', endpointId).execute();
  }

  @Get('deliveries/:deliveryId')
  @AllowRoles('partner_manager', 'ops', 'admin')
  async delivery(@Param('deliveryId', new UuidParam('any')) deliveryId: string, @Req() request: AuthenticatedRequest) {
    const row = await this.db.selectFrom('webhook_deliveries').selectAll().where('delivery_id', '=', deliveryId).where(visibleTo(request.actor, 'partner_id')).executeTakeFirst();
    if (!row) throw new NotFound('not_found', 'webhook delivery not found');
    const attempts = await this.db.selectFrom('webhook_attempts').selectAll().where('delivery_id', '=', deliveryId).orderBy('attempt').execute();
    return {
      ...deliveryView(row),
      payload: row.payload,
      attemptLog: attempts.map((a) => ({
        attempt: a.attempt,
        startedAt: a.started_at.toISOString(),
        durationMs: a.duration_ms,
        statusCode: a.status_code,
        // null duration: the attempt is under way, or its worker stopped before recording anything.
        error: a.duration_ms === null ? 'no_outcome' : shownReason(a.error, a.status_code),
      })),
    };
  }

  @Get(':endpointId/deliveries')
  @AllowRoles('partner_manager', 'ops', 'admin')
  async deliveries(@Param('endpointId', new UuidParam('any')) endpointId: string, @Query() query: ListDeliveriesQuery, @Req() request: AuthenticatedRequest) {
    await this.endpoint(endpointId, request);
    const where: RawBuilder<SqlBool>[] = [visibleTo(request.actor, 'partner_id'), ...eq('endpoint_id', endpointId), ...eq('status', query.status)];
    return keysetList(this.db, {
      table: 'webhook_deliveries',
      id: 'delivery_id',
      sorts: { createdAt: { column: 'created_at', type: 'timestamptz' } },
      sort: 'createdAt',
      desc: (query.order ?? 'desc') === 'desc',
      limit: query.limit ?? 25,
      cursor: query.cursor,
      where,
      map: deliveryView,
    });
  }

  private async endpoint(endpointId: string, request: AuthenticatedRequest): Promise<WebhookEndpoint> {
    const row = await this.db.selectFrom('webhook_endpoints').selectAll().where('endpoint_id', '=', endpointId).where(visibleTo(request.actor, 'partner_id')).executeTakeFirst();
    if (!row) throw new NotFound('not_found', 'webhook endpoint not found');
    return row;
  }
}
