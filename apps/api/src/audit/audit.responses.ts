import type { AuditEntry } from '@channel-ledger/audit';
import type { Verification } from '@channel-ledger/event-store';

// GET /v1/:resource/:id/history.
export interface RecordHistory {
  streamId: string;
  verification: Verification;
  events: AuditEntry[];
}

// GET /v1/:resource/:id/as-of.
export interface RecordAsOf {
  streamId: string;
  [field: string]: unknown;
}
