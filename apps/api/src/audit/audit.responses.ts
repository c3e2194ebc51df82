import type { AuditEntry } from '@channel-ledger/audit';
import type { Verification } from '@channel-ledger/event-store';

// GET /v1/:resource/:id/history (libs/application/src/audit/queries/get-record-history.ts).
export interface RecordHistory {
  streamId: string;
  verification: Verification;
  events: AuditEntry[];
}

// GET /v1/:resource/:id/as-of (libs/application/src/audit/queries/get-record-as-of.ts).
export interface RecordAsOf {
  streamId: string;
  at: string;
  /** Events recorded up to `at`. */
  version: number;
  lastEventAt: string | null;
  verification: Verification;
  /** The record folded from those events (its shape is the record type's); null when they cannot be folded. */
  state: { [field: string]: unknown } | null;
  /** Why the state could not be rebuilt, and at which event. */
  unreadable?: { revision: number; eventId: string | null; reason: string };
}
