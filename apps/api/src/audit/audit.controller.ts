import { UuidParam } from '../common/uuid-param';
import { IsDateOrDateTime } from '../common/validation';
import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Response } from 'express';
import {
  EventMetadata,
  EventStore,
  Integrity,
  MAX_EVENT_DEPTH,
  StoredEvent,
  integrityOf,
  malformation,
  nestedDeeperThan,
  readForAudit,
  verifyStream,
} from '@channel-ledger/event-store';
import { InvalidInput, NotFound } from '@channel-ledger/domain';
import { AUDITABLE, foldForAudit } from '@channel-ledger/audit';
import { EVENT_STORE, PLATFORM, Platform } from '@channel-ledger/platform';
import { Role } from '@channel-ledger/auth';
import { AllowRoles } from '../auth/auth.guard';

// Read-only, every partner: auditors, and the enterprise roles that answer to them.
const AUDIT_ROLES: Role[] = ['auditor', 'admin', 'channel_manager', 'approver'];

export class HistoryQuery {
  @IsOptional() @IsIn(['json', 'jsonl', 'csv']) format?: 'json' | 'jsonl' | 'csv';
}

export class AsOfQuery {
  @IsDateOrDateTime() at!: string;
}

// A row of any shape is shown as it is stored: a malformed one says why (its fields come back as found, or null).
function entry(event: StoredEvent) {
  const shape = malformation(event);
  // A row nested past what any event holds is shown without its content: as JSON it would not even serialize.
  const tooDeep = nestedDeeperThan(event.data, MAX_EVENT_DEPTH) || nestedDeeperThan(event.metadata, MAX_EVENT_DEPTH);
  const metadata: Partial<EventMetadata> = !tooDeep && event.metadata !== null && typeof event.metadata === 'object' && !Array.isArray(event.metadata) ? event.metadata : {};
  const { integrity: _integrity, actor, correlationId, causationId, idempotencyKey, occurredAt, schemaVersion, ...rest } = metadata;
  return {
    ...(shape ? { malformed: shape, storedMetadata: tooDeep ? null : event.metadata } : {}),
    revision: event.revision,
    position: event.position,
    eventId: event.id,
    type: event.type,
    recordedAt: event.recordedAt.toISOString(),
    occurredAt,
    schemaVersion,
    actor: actor ?? null,
    correlationId: correlationId ?? null,
    causationId: causationId ?? null,
    idempotencyKey: idempotencyKey ?? null,
    otherMetadata: Object.keys(rest).length > 0 ? rest : undefined,
    integrity: tooDeep ? null : ((integrityOf(event) as Integrity | undefined) ?? null),
    data: tooDeep ? null : event.data,
  };
}

const CSV_COLUMNS = ['revision', 'position', 'eventId', 'type', 'recordedAt', 'occurredAt', 'actorUserId', 'actorRole', 'actorPartnerId', 'correlationId', 'causationId', 'idempotencyKey', 'hash', 'data'];

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  // Quote everything that could break a row, and defuse spreadsheet formulas.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1')
export class AuditController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PLATFORM) private readonly platform: Platform,
  ) {}

  private async events(resource: string, id: string, at?: Date): Promise<{ streamId: string; events: StoredEvent[] }> {
    const kind = AUDITABLE[resource];
    if (!kind) throw new NotFound('not_found', 'no such resource');
    const streamId = `${kind.prefix}-${id}`;
    const events = await this.store.readStream(streamId, at ? { toTimestamp: at } : {});
    return { streamId, events };
  }

  // Every event of the record, read from the log (not from a read model), with its actor, metadata, position and
  // integrity hash, and whether the stream's hash chain holds. ?format=jsonl or csv exports it.
  @Get(':resource/:id/history')
  @AllowRoles(...AUDIT_ROLES)
  async history(@Param('resource') resource: string, @Param('id', new UuidParam()) id: string, @Query() query: HistoryQuery, @Res({ passthrough: true }) res: Response) {
    const kind = AUDITABLE[resource];
    if (!kind) throw new NotFound('not_found', 'no such resource');
    const streamId = `${kind.prefix}-${id}`;
    const { events, record } = await readForAudit(this.store, streamId);
    // A stream row without events is a record whose events were all removed: reported, not answered as missing.
    if (events.length === 0 && (record?.before ?? null) === null) throw new NotFound('not_found', 'no history for this record');
    const entries = events.map(entry);
    if (query.format === 'jsonl') {
      res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${streamId}.jsonl"`);
      return entries.map((e) => JSON.stringify(e)).join('\n') + '\n';
    }
    if (query.format === 'csv') {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${streamId}.csv"`);
      const rows = entries.map((e) =>
        [e.revision, e.position, e.eventId, e.type, e.recordedAt, e.occurredAt, e.actor?.userId, e.actor?.role, e.actor?.partnerId, e.correlationId, e.causationId, e.idempotencyKey, e.integrity?.hash, e.data]
          .map(csvCell)
          .join(','),
      );
      return [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
    }
    return { streamId, verification: verifyStream(streamId, events, this.platform.integrity, record), events: entries };
  }

  // The record as it stood at a moment: its events recorded up to then, folded.
  @Get(':resource/:id/as-of')
  @AllowRoles(...AUDIT_ROLES)
  async asOf(@Param('resource') resource: string, @Param('id', new UuidParam()) id: string, @Query() query: AsOfQuery) {
    const at = new Date(query.at);
    if (Number.isNaN(at.getTime())) throw new InvalidInput('at', 'invalid_time', 'at must be an ISO 8601 time');
    const { streamId, events } = await this.events(resource, id, at);
    // The whole stream, with the store's row for it, is checked too: an answer about one moment must not call a
    // record intact whose end was removed or whose row was changed.
    const whole = await readForAudit(this.store, streamId);
    if (whole.events.length === 0 && (whole.record?.before ?? null) === null && (whole.record?.after ?? null) === null) throw new NotFound('not_found', 'no such record');
    // The events up to the moment are verified as a prefix of the stream (an append never straddles a moment: its
    // events share one recorded time), and a state that cannot be rebuilt is reported, with null, not thrown.
    const prefix = verifyStream(streamId, events, this.platform.integrity);
    const verification = prefix.ok ? verifyStream(streamId, whole.events, this.platform.integrity, whole.record) : prefix;
    const folded = foldForAudit(AUDITABLE[resource], events);
    return {
      streamId,
      at: at.toISOString(),
      version: events.length,
      lastEventAt: events.at(-1)?.recordedAt.toISOString() ?? null,
      verification,
      state: folded.ok ? folded.state : null,
      ...(folded.ok ? {} : { unreadable: { revision: folded.revision, eventId: folded.eventId, reason: folded.reason } }),
    };
  }
}
