import { EventStore, PostgresEventStore } from '@channel-ledger/event-store';

export interface LogHorizonReport {
  // ok: nothing open holds readers back; waiting: a transaction does, for less than HORIZON_STALL_MS; stalled:
  // for longer, and every reader (projections, X-Min-Position reads, webhooks) is that far behind.
  status: 'ok' | 'waiting' | 'stalled';
  // Age of the transaction holding the horizon back (0 when none).
  blockedSeconds: number;
  // Committed events it keeps from readers (counted up to 10,000).
  pendingEvents: number;
  // Open transactions of other databases of the server: readers do not wait for them.
  otherDatabaseTransactions: number;
  // Who to look at: the server process (pg_terminate_backend takes it), its database and what it is doing.
  blocker: { xid: string; pid: number | null; database: string | null; state: string | null; preparedAs: string | null } | null;
}

// Only the PostgreSQL log has a horizon; EventStoreDB makes an append visible when it commits.
export async function logHorizon(store: EventStore, stallMs: number): Promise<LogHorizonReport | undefined> {
  if (!(store instanceof PostgresEventStore)) return undefined;
  const status = await store.horizonStatus();
  const blocker = status.blocker;
  const blockedSeconds = blocker ? Math.round(blocker.ageSeconds * 1000) / 1000 : 0;
  return {
    status: !blocker ? 'ok' : blockedSeconds * 1000 >= stallMs ? 'stalled' : 'waiting',
    blockedSeconds,
    pendingEvents: status.pendingEvents,
    otherDatabaseTransactions: status.otherDatabaseTransactions,
    blocker: blocker ? { xid: blocker.xid, pid: blocker.pid, database: blocker.database, state: blocker.state, preparedAs: blocker.preparedAs } : null,
  };
}
