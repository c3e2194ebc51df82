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
// - The facts a command on a stream read last time (a registration's program and partnership, which never change)
//   are read ahead with the stream the next time, in the same query. What is read ahead is learned, per stream, by
//   this process; a fact read ahead that the command no longer needs costs a few rows, no more.
//
// Outside a request (a sweep, the CLI) every read goes straight to the store.
export class StreamReads {
  private readonly facts = new Map<string, Promise<Recorded<DomainEvent>[]>>();
  // The facts the handler read (after the guard's).
  private handlerFacts: Set<string> | undefined;
  // The stream a command decides on, and the facts read for the decision: what to read ahead for it next time.
  private learning: { streamId: string; facts: Set<string> } | undefined;
  private queued: { streamId: string; resolve: (events: Recorded<DomainEvent>[]) => void; reject: (error: unknown) => void }[] = [];

  constructor(private readonly store: EventStore) {}

  fact<E extends DomainEvent>(streamId: string): Promise<Recorded<E>[]> {
    this.handlerFacts?.add(streamId);
    if (this.learning && this.learning.streamId !== streamId) this.learning.facts.add(streamId);
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

  // The guard is done: the facts read from here on are the handler's.
  handlerBegins(): void {
    this.handlerFacts = new Set();
  }

  // A command on the stream begins: the facts a decision on it read last time are asked for now, so that they go in
  // the same query as the stream's own read, asked for next.
  commandOn(streamId: string): void {
    for (const id of readAhead.get(streamId) ?? []) this.fact(id).catch(() => undefined);
  }

  // The command is about to build its decision on the stream: the facts read from here on (and, for a record it
  // creates, those its handler read before) are what the stream's next command reads ahead. Facts read to decide
  // whether the caller may see the record come before this and depend on the caller, so they are not learned.
  decides(streamId: string, creates: boolean): void {
    this.learning = { streamId, facts: new Set(creates ? this.handlerFacts : []) };
  }

  // The command appended. A command that read no facts leaves what an earlier one learned.
  commandDone(streamId: string): void {
    if (this.learning?.streamId !== streamId) return;
    if (this.learning.facts.size > 0) {
      readAhead.delete(streamId);
      readAhead.set(streamId, [...this.learning.facts].slice(0, READ_AHEAD_MAX));
      while (readAhead.size > READ_AHEAD_STREAMS) readAhead.delete(readAhead.keys().next().value!);
    }
    this.learning = undefined;
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

// Per stream, the facts the last command on it read (most recently used streams last).
const readAhead = new Map<string, string[]>();
const READ_AHEAD_STREAMS = 50_000;
const READ_AHEAD_MAX = 8;

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
