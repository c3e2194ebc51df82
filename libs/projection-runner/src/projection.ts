import { Transaction } from 'kysely';
import { StoredEvent } from '@channel-ledger/event-store';
import { ReadDB } from '@channel-ledger/read-store';

// A read model: a name, a version (a new version is rebuilt from the start of the log), and one step that
// turns a batch of events into rows. The runner calls apply inside the transaction that also moves the
// checkpoint, so apply must only write through `trx`.
export interface Projection {
  name: string;
  version: number;
  apply(trx: Transaction<ReadDB>, events: StoredEvent[]): Promise<void>;
  // The events apply does anything with (by type, mostly). A page of the log holding none of them is not given
  // to apply: the runner only moves the checkpoint past it. Without it, every page goes to apply. It must answer
  // true for every event that can change the projection's rows; a page that holds one goes to apply whole.
  handles?(event: StoredEvent): boolean;
  // Empties the projection's tables, for a rebuild from the start of the log.
  reset?(trx: Transaction<ReadDB>): Promise<void>;
  // The tables it owns and their keys: what a verification rebuilds and compares.
  tables?: { name: string; key: string[] }[];
}
