import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { foldForAudit } from '@channel-ledger/audit';
import { NotFound } from '@channel-ledger/domain';
import { Verification, verifyStream } from '@channel-ledger/event-store';
import { PLATFORM, Platform } from '@channel-ledger/platform';
import { AuditReadRepository } from '../audit.read-repository';

type AsOf = {
  streamId: string;
  at: string;
  version: number;
  lastEventAt: string | null;
  verification: Verification;
  state: unknown;
  unreadable?: { revision: number; eventId: string | null; reason: string };
};

// The record as it stood at a moment: its events recorded up to then, folded.
export class GetRecordAsOf extends Query<AsOf> {
  constructor(
    readonly resource: string,
    readonly recordId: string,
    readonly at: Date,
  ) {
    super();
  }
}

@QueryHandler(GetRecordAsOf)
export class GetRecordAsOfHandler implements IQueryHandler<GetRecordAsOf> {
  constructor(
    private readonly audit: AuditReadRepository,
    @Inject(PLATFORM) private readonly platform: Platform,
  ) {}

  async execute({ resource, recordId, at }: GetRecordAsOf): Promise<AsOf> {
    const { streamId, decider } = this.audit.stream(resource, recordId);
    const events = await this.audit.upTo(streamId, at);
    // The whole stream, with the store's row for it, is checked too: an answer about one moment must not call a
    // record intact whose end was removed or whose row was changed.
    const whole = await this.audit.whole(streamId);
    if (whole.events.length === 0 && (whole.record?.before ?? null) === null && (whole.record?.after ?? null) === null) throw new NotFound('not_found', 'no such record');
    // The events up to the moment are verified as a prefix of the stream, and a state that cannot be rebuilt is
    // reported, with null, not thrown.
    const prefix = verifyStream(streamId, events, this.platform.integrity);
    const verification = prefix.ok ? verifyStream(streamId, whole.events, this.platform.integrity, whole.record) : prefix;
    const folded = foldForAudit({ decider }, events);
    return {
      streamId,
      at: at.toISOString(),
      version: events.length,
      lastEventAt: events.at(-1)?.recordedAt.toISOString() ?? null,
      verification,
      state: folded.ok ? folded.state : null,
      ...(folded.ok ? {} : { unreadable: { revision: folded.revision, eventId: folded.eventId, reason: folded.reason } }),
    };
  }
}
