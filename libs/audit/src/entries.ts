import { EventActor, EventMetadata, Integrity, MAX_EVENT_DEPTH, StoredEvent, integrityOf, malformation, nestedDeeperThan } from '@channel-ledger/event-store';

// One event of a record's history, as an auditor reads it.
export interface WellFormedAuditEntry {
  revision: number;
  /** The event's place in the whole log. */
  position: string;
  eventId: string;
  type: string;
  recordedAt: string;
  occurredAt?: string;
  schemaVersion?: number;
  /** Who caused it; null for the system's own events (sweeps). */
  actor: EventActor | null;
  correlationId: string | null;
  causationId: string | null;
  idempotencyKey: string | null;
  /** Metadata keys beyond the known ones, as stored. */
  otherMetadata?: { [key: string]: unknown };
  /** The event's link in the keyed hash chain. */
  integrity: Integrity | null;
  /** The event's payload; its shape is the event type's. */
  data: unknown;
}

// A row that is not a well-formed event (changed outside the application) is shown as found: `malformed` says why,
// and its fields are what the row holds, whatever their type.
export interface MalformedAuditEntry {
  malformed: string;
  storedMetadata: unknown;
  revision: unknown;
  position: unknown;
  eventId: unknown;
  type: unknown;
  recordedAt: unknown;
  occurredAt?: unknown;
  schemaVersion?: unknown;
  actor: unknown;
  correlationId: unknown;
  causationId: unknown;
  idempotencyKey: unknown;
  otherMetadata?: unknown;
  integrity: unknown;
  data: unknown;
}

export type AuditEntry = WellFormedAuditEntry | MalformedAuditEntry;

// A row of any shape is shown as it is stored: a malformed one says why (its fields come back as found, or null).
export function auditEntry(event: StoredEvent): AuditEntry {
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


export type AuditExportFormat = 'jsonl' | 'csv';

const CSV_COLUMNS = ['revision', 'position', 'eventId', 'type', 'recordedAt', 'occurredAt', 'actorUserId', 'actorRole', 'actorPartnerId', 'correlationId', 'causationId', 'idempotencyKey', 'hash', 'data'];

// A malformed row's actor or integrity may be anything; a cell shows the field when there is one.
function fieldOf(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.getOwnPropertyDescriptor(value, key)?.value : undefined;
}

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
    [e.revision, e.position, e.eventId, e.type, e.recordedAt, e.occurredAt, fieldOf(e.actor, 'userId'), fieldOf(e.actor, 'role'), fieldOf(e.actor, 'partnerId'), e.correlationId, e.causationId, e.idempotencyKey, fieldOf(e.integrity, 'hash'), e.data]
      .map(csvCell)
      .join(','),
  );
  return [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}
