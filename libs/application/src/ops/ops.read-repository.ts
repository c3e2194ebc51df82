import { Inject, Injectable } from '@nestjs/common';
import { Kysely } from 'kysely';
import { EventStore } from '@channel-ledger/event-store';
import { EVENT_STORE, READ_DB } from '@channel-ledger/platform';
import { RebuildRow, abandonQueuedRebuild, findRebuild, latestRebuilds, projectionStatuses, requestRebuild } from '@channel-ledger/projection-runner';
import { ReadDB } from '@channel-ledger/read-store';

// The projection runner's own tables: checkpoints against the head of the log, and the rebuild requests.
@Injectable()
export class OpsReadRepository {
  constructor(
    @Inject(READ_DB) private readonly db: Kysely<ReadDB>,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  statuses() {
    return projectionStatuses(this.db, this.store);
  }

  latestRebuilds(): Promise<Map<string, RebuildRow>> {
    return latestRebuilds(this.db);
  }

  rebuild(id: string): Promise<RebuildRow | undefined> {
    return findRebuild(this.db, id);
  }

  // A queued request row; it refuses a second one while a rebuild of the projection is under way.
  requestRebuild(projection: string, requestedBy: string): Promise<RebuildRow> {
    return requestRebuild(this.db, projection, requestedBy);
  }

  abandonRebuild(id: string, reason: string): Promise<void> {
    return abandonQueuedRebuild(this.db, id, reason);
  }
}
