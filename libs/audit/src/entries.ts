import { EventMetadata, Integrity, MAX_EVENT_DEPTH, StoredEvent, integrityOf, malformation, nestedDeeperThan } from '@channel-ledger/event-store';

// A row of any shape is shown as it is stored: a malformed one says why (its fields come back as found, or null).
export function auditEntry(event: StoredEvent) {
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

export type AuditEntry = ReturnType<typeof auditEntry>;

export type AuditExportFormat = 'jsonl' | 'csv';

const CSV_COLUMNS = ['revision', 'position', 'eventId', 'type', 'recordedAt', 'occurredAt', 'actorUserId', 'actorRole', 'actorPartnerId', 'correlationId', 'causationId', 'idempotencyKey', 'hash', 'data'];

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  // Quote everything that could break a row, and defuse spreadsheet formulas.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

// A record's history as a file: one JSON object a line, or CSV with a header row.
export function exportEntries(entries: AuditEntry[], format: AuditExportFormat): string {
  if (format === 'jsonl') return entries.map((e) => JSON.stringify(e)).join('\n') + '\n';
  const rows = entries.map((e) =>
    [e.revision, e.position, e.eventId, e.type, e.recordedAt, e.occurredAt, e.actor?.userId, e.actor?.role, e.actor?.partnerId, e.correlationId, e.causationId, e.idempotencyKey, e.integrity?.hash, e.data]
      .map(csvCell)
      .join(','),
  );
  return [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}
