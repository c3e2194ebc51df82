import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { AuditEntry, auditEntry } from '@channel-ledger/audit';
import { NotFound } from '@channel-ledger/domain';
import { Verification, verifyStream } from '@channel-ledger/event-store';
import { PLATFORM, Platform } from '@channel-ledger/platform';
import { AuditReadRepository } from '../audit.read-repository';

type History = { streamId: string; verification: Verification; events: AuditEntry[] };

// Every event of the record, read from the log (not from a read model), with its actor, metadata, position and
// integrity hash, and whether the stream's hash chain holds.
export class GetRecordHistory extends Query<History> {
  constructor(
    readonly resource: string,
    readonly recordId: string,
  ) {
    super();
  }
}

@QueryHandler(GetRecordHistory)
export class GetRecordHistoryHandler implements IQueryHandler<GetRecordHistory> {
  constructor(
    private readonly audit: AuditReadRepository,
    @Inject(PLATFORM) private readonly platform: Platform,
  ) {}

  async execute({ resource, recordId }: GetRecordHistory): Promise<History> {
    const { streamId } = this.audit.stream(resource, recordId);
    const { events, record } = await this.audit.whole(streamId);
    // A stream row without events is a record whose events were all removed: reported, not answered as missing.
    if (events.length === 0 && (record?.before ?? null) === null) throw new NotFound('not_found', 'no history for this record');
    return { streamId, verification: verifyStream(streamId, events, this.platform.integrity, record), events: events.map(auditEntry) };
  }
}
