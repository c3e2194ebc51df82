import { AGGREGATES, Folder } from '@channel-ledger/domain';
import { StoredEvent, malformation } from '@channel-ledger/event-store';

// What an auditor may read, by its resource name: the stream prefix (without its dash) and the decider that folds it.
export const AUDITABLE: Record<string, { prefix: string; decider: Folder }> = Object.fromEntries(
  AGGREGATES.filter((a) => a.auditable).map((a) => [a.resource, { prefix: a.prefix.slice(0, -1), decider: a.decider }]),
);

export type AuditFold = { ok: true; state: unknown } | { ok: false; revision: number; eventId: string | null; reason: string };

// Folds rows read from a database that an insider may have written to: a row without the shape every writer gives it,
// or one the decider does not know (an unknown type throws from its exhaustive switch), is reported with the event
// it stopped at, never thrown to the caller.
export function foldForAudit(kind: { decider: Folder }, events: StoredEvent[]): AuditFold {
  let state = kind.decider.initialState;
  for (const event of events) {
    const shape = malformation(event);
    if (shape) return { ok: false, revision: event.revision, eventId: event.id, reason: `the row is malformed: ${shape}` };
    try {
      state = kind.decider.evolve(state, event);
    } catch (error) {
      return { ok: false, revision: event.revision, eventId: event.id, reason: `the event cannot be applied (${event.type}): ${(error as Error).message}` };
    }
  }
  return { ok: true, state };
}
