import { Inject, Injectable } from '@nestjs/common';
import { DomainEvent, EventStore } from '@channel-ledger/event-store';
import { Decider } from '@channel-ledger/domain';
import { foldRecord } from './fold-record';
import { readFact } from './stream-reads';
import { EVENT_STORE } from '@channel-ledger/platform';

// Reads one stream and folds it: the facts a handler needs from aggregates other than the one it changes (read once
// per request, see StreamReads).
@Injectable()
export class AggregateReader {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async load<State, Event extends DomainEvent>(decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>, streamId: string): Promise<{ state: State; version: number }> {
    const events = await readFact<Event>(this.store, streamId);
    return { state: foldRecord(decider, events), version: events.length };
  }
}
