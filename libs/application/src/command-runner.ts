import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ConcurrencyError, EventStore, NewEvent, Position } from '@channel-ledger/event-store';
import { Decider } from '@channel-ledger/domain';
import { EVENT_STORE, preconditionFailed } from '@channel-ledger/platform';
import { CommandContext } from './command-context';
import { foldRecord } from './fold-record';
import { currentStreamReads, readCurrent } from './stream-reads';

export interface CommandResult {
  id: string;
  // Number of events in the stream after the command: what If-Match takes.
  version: number;
  // Log position of the last event, for read-your-writes; null when nothing was ever written.
  position: Position | null;
}

export interface RunOptions<Command, Event, State, Visible = State> {
  id: string;
  streamId: string;
  decider: Decider<Command, Event, State>;
  ctx: CommandContext;
  // Whether the caller may know the record exists, decided on the current state before anything about the record
  // is answered (its version for If-Match, an earlier answer for Idempotency-Key): a record the caller may not
  // see throws the same not-found as a missing one. Required, so no command route can forget it.
  authorize: (state: State) => Promise<Visible> | Visible;
  // Builds the command from the visible record: reading facts from other streams, claims.
  command: (visible: Visible) => Promise<Command> | Command;
  // The command creates the record under an id it has just chosen: its stream is taken to be empty without reading
  // it (the append expects no stream, so should it exist after all, the append fails and the command reads and
  // decides again). Not with an Idempotency-Key or If-Match, whose repeats find the stream there.
  creates?: boolean;
}

// A command that keeps losing races on a busy stream is tried this many times, with a short random pause that
// grows with each attempt so the contenders spread out, before it answers 409 concurrent_modification.
const ATTEMPTS = 10;
const backoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));

// The thin handler every command goes through: read the stream, fold, decide, append with the revision read (the
// stream is read afresh, in one query with the request's other reads of that moment, see StreamReads).
// Without If-Match a lost race is retried (decide is pure, so deciding again on the new state is safe);
// with If-Match the client asked for that exact version, so a race is a 412.
@Injectable()
export class CommandRunner {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async run<Command, Event extends { type: string; data: unknown }, State, Visible = State>(options: RunOptions<Command, Event, State, Visible>): Promise<CommandResult> {
    return (await this.runDetailed(options)).result;
  }

  // The same, telling also whether anything was appended (decide may find nothing to do).
  async runDetailed<Command, Event extends { type: string; data: unknown }, State, Visible = State>(options: RunOptions<Command, Event, State, Visible>): Promise<{ result: CommandResult; appended: boolean }> {
    const { ctx, streamId } = options;
    for (let attempt = 1; ; attempt++) {
      const unread = attempt === 1 && options.creates === true && ctx.idempotencyKey === undefined && ctx.expectedVersion === undefined;
      // A first attempt may start from the request's own read of the stream (the caller's partner, read by the guard);
      // not with If-Match, whose version must be compared with the stream as it is.
      const reads = currentStreamReads();
      reads?.commandOn(streamId);
      const history = unread ? [] : attempt === 1 && reads && ctx.expectedVersion === undefined ? await reads.latest<Event>(streamId) : await readCurrent<Event>(this.store, streamId);
      const version = history.length;
      const state = foldRecord(options.decider, history);
      const visible = await options.authorize(state);
      // A command whose Idempotency-Key already reached the log (the answer was lost, say) is answered from there.
      if (ctx.idempotencyKey) {
        const applied = history.filter((e) => e.metadata.idempotencyKey === ctx.idempotencyKey && e.metadata.actor?.userId === ctx.actor.userId);
        if (applied.length > 0) return { result: { id: options.id, version: applied.at(-1)!.revision + 1, position: applied.at(-1)!.position }, appended: false };
        // A repeat of a command that appended nothing the first time: its first answer, not a new decision.
        if (ctx.replay) return { result: ctx.replay.body as CommandResult, appended: false };
      }
      if (ctx.expectedVersion !== undefined && ctx.expectedVersion !== version) {
        throw preconditionFailed(`the record is at version ${version}, not ${ctx.expectedVersion}`);
      }
      reads?.decides(streamId, options.creates === true);
      const events = options.decider.decide(await options.command(visible), state) as Event[];
      if (events.length === 0) return { result: { id: options.id, version, position: history.at(-1)?.position ?? null }, appended: false };
      try {
        const result = await this.store.append(streamId, events.map((e) => this.envelope(e, ctx)), {
          expectedRevision: version === 0 ? 'no_stream' : version - 1,
        });
        reads?.changed(streamId);
        reads?.commandDone(streamId);
        return { result: { id: options.id, version: result.nextExpectedRevision + 1, position: result.position }, appended: true };
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
        if (ctx.expectedVersion !== undefined) throw preconditionFailed('the record changed since the version in If-Match');
        if (attempt >= ATTEMPTS) throw error;
        if (!unread) await backoff(attempt);
      }
    }
  }

  private envelope(event: { type: string; data: unknown }, ctx: CommandContext): NewEvent {
    const actor = ctx.actor;
    return {
      id: randomUUID(),
      type: event.type,
      data: event.data,
      metadata: {
        schemaVersion: 1,
        occurredAt: ctx.now,
        actor: { userId: actor.userId, role: ctx.role, ...(actor.kind === 'partner' ? { partnerId: actor.partnerId } : {}) },
        correlationId: ctx.correlationId,
        causationId: ctx.causationId,
        ...(ctx.idempotencyKey ? { idempotencyKey: ctx.idempotencyKey } : {}),
      },
    };
  }
}
