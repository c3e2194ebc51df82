import { AsyncLocalStorage } from 'node:async_hooks';
import { DomainEvent, EventStore, Recorded, readStreams } from '@channel-ledger/event-store';

// The streams one request reads, read in as few queries as the request allows.
//
// - Reads asked for at the same moment (in the same turn of the event loop: a Promise.all of a program and a
//   partnership, say) go to the store as one query.
// - A fact (a stream the request reads to decide, not the one it changes: the caller's partner, a program) is read
//   once per request: the guard's read of the caller's membership is the handler's read of the same partner. A
//   request then decides on facts as they stood when it first looked, as if it had arrived a moment earlier.
// - The stream a command changes is always read afresh (`current`): its revision is what the append checks.
//
// Outside a request (a sweep, the CLI) every read goes straight to the store.
export class StreamReads {
  private readonly facts = new Map<string, Promise<Recorded<DomainEvent>[]>>();
  private queued: { streamId: string; resolve: (events: Recorded<DomainEvent>[]) => void; reject: (error: unknown) => void }[] = [];

  constructor(private readonly store: EventStore) {}

  fact<E extends DomainEvent>(streamId: string): Promise<Recorded<E>[]> {
    let read = this.facts.get(streamId);
    if (!read) {
      read = this.current(streamId);
      this.facts.set(streamId, read);
      // A failed read is not remembered: a retry reads again.
      read.catch(() => this.facts.delete(streamId));
    }
    return read as Promise<Recorded<E>[]>;
  }

  current<E extends DomainEvent>(streamId: string): Promise<Recorded<E>[]> {
    return new Promise<Recorded<DomainEvent>[]>((resolve, reject) => {
      if (this.queued.length === 0) queueMicrotask(() => void this.flush());
      this.queued.push({ streamId, resolve, reject });
    }) as Promise<Recorded<E>[]>;
  }

  // The stream as this request already read it as a fact, else afresh. For a command's first attempt on a stream it
  // changes: its append checks the revision, so a stream that moved since the fact was read costs a retry, no more.
  latest<E extends DomainEvent>(streamId: string): Promise<Recorded<E>[]> {
    return (this.facts.get(streamId) as Promise<Recorded<E>[]> | undefined) ?? this.current<E>(streamId);
  }

  // Several streams afresh, in one query with whatever else is asked for now.
  currentMany<E extends DomainEvent>(streamIds: string[]): Promise<Map<string, Recorded<E>[]>> {
    return Promise.all(streamIds.map((id) => this.current<E>(id))).then((read) => new Map(streamIds.map((id, i) => [id, read[i]])));
  }

  // The request changed the stream: a later fact read of it reads what is there now.
  changed(streamId: string): void {
    this.facts.delete(streamId);
  }

  private async flush(): Promise<void> {
    const batch = this.queued;
    this.queued = [];
    try {
      const read = batch.length === 1 ? new Map([[batch[0].streamId, await this.store.readStream(batch[0].streamId)]]) : await readStreams(this.store, batch.map((q) => q.streamId));
      for (const q of batch) q.resolve(read.get(q.streamId) ?? []);
    } catch (error) {
      for (const q of batch) q.reject(error);
    }
  }
}

const scope = new AsyncLocalStorage<StreamReads>();

// Runs `work` with `reads` as the request's reads (see StreamReads).
export function withStreamReads<T>(reads: StreamReads, work: () => T): T {
  return scope.run(reads, work);
}

// The reads of the request this code runs for, if any.
export function currentStreamReads(): StreamReads | undefined {
  return scope.getStore();
}

// A fact: read once per request where there is one, straight from the store otherwise.
export function readFact<E extends DomainEvent>(store: EventStore, streamId: string): Promise<Recorded<E>[]> {
  return currentStreamReads()?.fact<E>(streamId) ?? store.readStream<E>(streamId);
}

// The stream as it is now, read together with whatever else the request asks for at the same moment.
export function readCurrent<E extends DomainEvent>(store: EventStore, streamId: string): Promise<Recorded<E>[]> {
  return currentStreamReads()?.current<E>(streamId) ?? store.readStream<E>(streamId);
}

export function readCurrentMany<E extends DomainEvent>(store: EventStore, streamIds: string[]): Promise<Map<string, Recorded<E>[]>> {
  return currentStreamReads()?.currentMany<E>(streamIds) ?? readStreams<E>(store, streamIds);
}
