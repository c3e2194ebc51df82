// A FAKE EventStoreDB: a small in-process gRPC server that speaks enough of the EventStoreDB Streams protocol
// (Append, Read of a stream, Read of $all, subscriptions to $all) for @eventstore/db-client 6.2.1 to run the
// event store contract suite against the real client code. It is not EventStoreDB: no persistence, no
// projections, no ACLs, no clustering. It uses the client package's own generated message classes, so
// what travels over the wire is the protocol's real encoding.
import * as grpc from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { AppendReq, AppendResp, ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { Empty, StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';

interface FakeRecord {
  streamId: string;
  revision: number;
  id: string;
  metadata: Map<string, string>;
  data: Uint8Array;
  customMetadata: Uint8Array;
  createdTicks: bigint;
  position: bigint;
}

type AllRead = grpc.ServerWritableStream<ReadReq, ReadResp>;

interface LiveSubscription {
  call: AllRead;
  after: bigint;
  matches: (r: FakeRecord) => boolean;
}

// The client reads "created" as 100 ns ticks since the Unix epoch.
const TICKS_PER_MS = 10_000n;

export class EventStoreDbFakeServer {
  private readonly server = new grpc.Server();
  private readonly streams = new Map<string, FakeRecord[]>();
  private readonly log: FakeRecord[] = [];
  private readonly subscriptions = new Set<LiveSubscription>();
  private nextPosition = 0n;
  private port = 0;

  async start(): Promise<string> {
    this.server.addService(StreamsService, {
      append: (call: grpc.ServerReadableStream<AppendReq, AppendResp>, callback: grpc.sendUnaryData<AppendResp>) =>
        this.handleAppend(call, callback),
      read: (call: AllRead) => this.handleRead(call),
    } as unknown as grpc.UntypedServiceImplementation);
    // The real server writes system events into $all; keep one there so clients must filter them.
    this.appendSystemEvent();
    this.port = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port))),
    );
    return this.connectionString;
  }

  get connectionString(): string {
    return `esdb://127.0.0.1:${this.port}?tls=false`;
  }

  async stop(): Promise<void> {
    for (const sub of this.subscriptions) sub.call.end();
    this.subscriptions.clear();
    // Clients may keep their channel open; do not wait for them.
    this.server.forceShutdown();
  }

  // Ends every live subscription with UNAVAILABLE, as a server restart or a network cut would.
  dropSubscriptions(): number {
    const count = this.subscriptions.size;
    for (const sub of this.subscriptions) sub.call.emit('error', { code: grpc.status.UNAVAILABLE, details: 'subscription dropped by the fake server' });
    this.subscriptions.clear();
    return count;
  }

  appendSystemEvent(): void {
    this.write('$stats-fake', [
      { id: randomUUID(), metadata: new Map([['type', '$statsCollected'], ['content-type', 'application/json']]), data: Buffer.from('{}'), customMetadata: new Uint8Array() },
    ]);
  }

  private handleAppend(call: grpc.ServerReadableStream<AppendReq, AppendResp>, callback: grpc.sendUnaryData<AppendResp>): void {
    let options: AppendReq.Options | undefined;
    const proposed: Omit<FakeRecord, 'streamId' | 'revision' | 'createdTicks' | 'position'>[] = [];
    call.on('data', (req: AppendReq) => {
      if (req.hasOptions()) options = req.getOptions();
      if (req.hasProposedMessage()) {
        const msg = req.getProposedMessage()!;
        const metadata = new Map<string, string>();
        msg.getMetadataMap().forEach((value: string, key: string) => metadata.set(key, value));
        proposed.push({ id: msg.getId()!.getString(), metadata, data: msg.getData_asU8(), customMetadata: msg.getCustomMetadata_asU8() });
      }
    });
    call.on('error', () => undefined);
    call.on('end', () => {
      if (!options) return callback({ code: grpc.status.INVALID_ARGUMENT, details: 'append without options' });
      const streamId = Buffer.from(options.getStreamIdentifier()!.getStreamName_asU8()).toString('utf8');
      const existing = this.streams.get(streamId) ?? [];
      const current = existing.length - 1;
      const resp = new AppendResp();

      // Like the real server: an append whose event ids are already the tail of that exact write is
      // acknowledged again, with the original revision and without a position.
      const idempotent = findSameWrite(existing, proposed.map((p) => p.id));
      if (idempotent !== undefined) {
        const success = new AppendResp.Success();
        success.setCurrentRevision(String(idempotent));
        success.setNoPosition(new Empty());
        resp.setSuccess(success);
        return callback(null, resp);
      }

      const expectedCase = options.getExpectedStreamRevisionCase();
      let ok = true;
      const wrong = new AppendResp.WrongExpectedVersion();
      if (expectedCase === AppendReq.Options.ExpectedStreamRevisionCase.NO_STREAM) {
        ok = current === -1;
        wrong.setExpectedNoStream(new Empty());
      } else if (expectedCase === AppendReq.Options.ExpectedStreamRevisionCase.STREAM_EXISTS) {
        ok = current >= 0;
        wrong.setExpectedStreamExists(new Empty());
      } else if (expectedCase === AppendReq.Options.ExpectedStreamRevisionCase.REVISION) {
        ok = current === Number(options.getRevision());
        wrong.setExpectedRevision(options.getRevision());
      } else {
        wrong.setExpectedAny(new Empty());
      }
      if (!ok) {
        if (current >= 0) wrong.setCurrentRevision(String(current));
        else wrong.setCurrentNoStream(new Empty());
        resp.setWrongExpectedVersion(wrong);
        return callback(null, resp);
      }
      const written = this.write(streamId, proposed);
      const last = written[written.length - 1];
      const success = new AppendResp.Success();
      success.setCurrentRevision(String(last.revision));
      const position = new AppendResp.Position();
      position.setCommitPosition(last.position.toString());
      position.setPreparePosition(last.position.toString());
      success.setPosition(position);
      resp.setSuccess(success);
      callback(null, resp);
    });
  }

  private write(streamId: string, proposed: Omit<FakeRecord, 'streamId' | 'revision' | 'createdTicks' | 'position'>[]): FakeRecord[] {
    const existing = this.streams.get(streamId) ?? [];
    this.streams.set(streamId, existing);
    const createdTicks = BigInt(Date.now()) * TICKS_PER_MS;
    const written = proposed.map((p) => {
      // Log positions grow with the size of what was written, as byte offsets in the real log do.
      this.nextPosition += 128n + BigInt(p.data.length + p.customMetadata.length);
      const record: FakeRecord = { ...p, streamId, revision: existing.length, createdTicks, position: this.nextPosition };
      existing.push(record);
      this.log.push(record);
      return record;
    });
    for (const sub of this.subscriptions) {
      for (const record of written) {
        if (record.position > sub.after && sub.matches(record)) {
          sub.call.write(eventResp(record));
          sub.after = record.position;
        }
      }
    }
    return written;
  }

  private handleRead(call: AllRead): void {
    const options = call.request.getOptions()!;
    const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
    const count = options.hasCount() ? Number(options.getCount()) : Number.MAX_SAFE_INTEGER;
    call.on('error', () => undefined);

    if (options.hasStream()) {
      const streamOptions = options.getStream()!;
      const streamId = Buffer.from(streamOptions.getStreamIdentifier()!.getStreamName_asU8()).toString('utf8');
      const records = this.streams.get(streamId);
      if (!records || records.length === 0) {
        const notFound = new ReadResp.StreamNotFound();
        const identifier = new StreamIdentifier();
        identifier.setStreamName(Buffer.from(streamId, 'utf8'));
        notFound.setStreamIdentifier(identifier);
        const resp = new ReadResp();
        resp.setStreamNotFound(notFound);
        call.write(resp);
        return void call.end();
      }
      let selected: FakeRecord[];
      if (backwards) {
        const from = streamOptions.hasRevision() ? Number(streamOptions.getRevision()) : records.length - 1;
        selected = records.slice(0, Math.min(from, records.length - 1) + 1).reverse();
      } else {
        const from = streamOptions.hasRevision() ? Number(streamOptions.getRevision()) : 0;
        selected = records.slice(from);
      }
      for (const record of selected.slice(0, count)) call.write(eventResp(record));
      return void call.end();
    }

    const allOptions = options.getAll()!;
    const matches = makeFilter(options);
    if (options.hasSubscription()) {
      // Subscriptions start after their position (exclusive), read history, then follow live appends.
      let after = -1n;
      if (allOptions.hasPosition()) after = BigInt(allOptions.getPosition()!.getCommitPosition());
      if (allOptions.hasEnd()) after = this.nextPosition;
      const confirmation = new ReadResp.SubscriptionConfirmation();
      confirmation.setSubscriptionId(randomUUID());
      const first = new ReadResp();
      first.setConfirmation(confirmation);
      call.write(first);
      for (const record of this.log) {
        if (record.position > after && matches(record)) {
          call.write(eventResp(record));
          after = record.position;
        }
      }
      const live: LiveSubscription = { call, after: after < this.nextPosition ? this.nextPosition : after, matches };
      this.subscriptions.add(live);
      call.on('cancelled', () => this.subscriptions.delete(live));
      call.on('close', () => this.subscriptions.delete(live));
      return;
    }

    // A read of $all includes the event at its start position.
    let selected: FakeRecord[];
    if (backwards) {
      const from = allOptions.hasPosition() ? BigInt(allOptions.getPosition()!.getCommitPosition()) : this.nextPosition;
      selected = this.log.filter((r) => r.position <= from).reverse();
    } else {
      const from = allOptions.hasPosition() ? BigInt(allOptions.getPosition()!.getCommitPosition()) : -1n;
      selected = this.log.filter((r) => r.position >= from);
    }
    for (const record of selected.filter(matches).slice(0, count)) call.write(eventResp(record));
    call.end();
  }
}

function findSameWrite(existing: FakeRecord[], ids: string[]): number | undefined {
  if (ids.length === 0) return undefined;
  const start = existing.findIndex((r) => r.id === ids[0]);
  if (start < 0) return undefined;
  for (let i = 0; i < ids.length; i++) {
    if (existing[start + i]?.id !== ids[i]) return undefined;
  }
  return start + ids.length - 1;
}

function makeFilter(options: ReadReq.Options): (r: FakeRecord) => boolean {
  if (!options.hasFilter()) return () => true;
  const filter = options.getFilter()!;
  const onType = filter.hasEventType();
  const expr = onType ? filter.getEventType()! : filter.getStreamIdentifier()!;
  const regex = expr.getRegex() ? new RegExp(expr.getRegex()) : undefined;
  const prefixes = expr.getPrefixList();
  return (r) => {
    const subject = onType ? r.metadata.get('type') ?? '' : r.streamId;
    if (regex && !regex.test(subject)) return false;
    if (prefixes.length > 0 && !prefixes.some((p) => subject.startsWith(p))) return false;
    return true;
  };
}

function eventResp(record: FakeRecord): ReadResp {
  const recorded = new ReadResp.ReadEvent.RecordedEvent();
  const id = new UUID();
  id.setString(record.id);
  recorded.setId(id);
  const identifier = new StreamIdentifier();
  identifier.setStreamName(Buffer.from(record.streamId, 'utf8'));
  recorded.setStreamIdentifier(identifier);
  recorded.setStreamRevision(String(record.revision));
  recorded.setCommitPosition(record.position.toString());
  recorded.setPreparePosition(record.position.toString());
  const metadata = recorded.getMetadataMap();
  for (const [key, value] of record.metadata) metadata.set(key, value);
  metadata.set('created', record.createdTicks.toString());
  recorded.setData(record.data);
  recorded.setCustomMetadata(record.customMetadata);
  const readEvent = new ReadResp.ReadEvent();
  readEvent.setEvent(recorded);
  readEvent.setCommitPosition(record.position.toString());
  const resp = new ReadResp();
  resp.setEvent(readEvent);
  return resp;
}
