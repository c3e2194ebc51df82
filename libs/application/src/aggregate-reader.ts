import { Inject, Injectable } from '@nestjs/common';
import { DomainEvent, EventStore } from '@channel-ledger/event-store';
import { Decider } from '@channel-ledger/domain';
import { foldRecord } from './fold-record';
import { EVENT_STORE } from '@channel-ledger/platform';

// Reads one stream and folds it: the facts a handler needs from aggregates other than the one it changes.
@Injectable()
export class AggregateReader {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async load<State, Event extends DomainEvent>(decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>, streamId: string): Promise<{ state: State; version: number }> {
    const events = await this.store.readStream<Event>(streamId);
    return { state: foldRecord(decider, events), version: events.length };
  }
}
