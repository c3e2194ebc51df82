import { Inject, Injectable } from '@nestjs/common';
import { AUDITABLE } from '@channel-ledger/audit';
import { Folder, NotFound } from '@channel-ledger/domain';
import { EventStore, StoredEvent, StreamRecord, readForAudit } from '@channel-ledger/event-store';
import { EVENT_STORE } from '@channel-ledger/platform';

export interface AuditedStream {
  streamId: string;
  decider: Folder;
}

// Audit reads the log itself, never a read model: a record's stream, whole or up to a moment, with the store's row
// for the stream around it so that removed events show.
@Injectable()
export class AuditReadRepository {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  // The stream of a record an auditor may read, by its resource name; any other name answers 404.
  stream(resource: string, id: string): AuditedStream {
    const kind = AUDITABLE[resource];
    if (!kind) throw new NotFound('not_found', 'no such resource');
    return { streamId: `${kind.prefix}-${id}`, decider: kind.decider };
  }

  whole(streamId: string): Promise<{ events: StoredEvent[]; record?: StreamRecord }> {
    return readForAudit(this.store, streamId);
  }

  // The events recorded up to the moment (an append never straddles one: its events share one recorded time).
  upTo(streamId: string, at: Date): Promise<StoredEvent[]> {
    return this.store.readStream(streamId, { toTimestamp: at });
  }
}
