import { Actor } from '@channel-ledger/auth';
import { Audience, Decider } from '@channel-ledger/domain';
import { DomainEvent } from '@channel-ledger/event-store';
import { AggregateReader } from './aggregate-reader';
import { audienceOf } from './audience';
import { CommandContext } from './command-context';
import { CommandResult, CommandRunner } from './command-runner';
import { PartnerDirectory } from './partner-directory';
import { BareRecordCommand, RecordCommand } from './record-command';

type Decision<Command> = Promise<Command> | Command;

export interface RecordKind<Command, Event, State> {
  decider: Decider<Command, Event, State>;
  stream: (id: string) => string;
}

// One kind of record as its use cases change and read it: its stream and decider, and who may see a record.
// Every command on an existing record goes through `run`, so the visibility check comes before anything about
// the record is answered (its version for If-Match, an earlier answer for Idempotency-Key).
export abstract class RecordRules<Command, Event extends DomainEvent, State, Existing> {
  protected constructor(
    protected readonly runner: CommandRunner,
    protected readonly reader: AggregateReader,
    protected readonly directory: PartnerDirectory,
    private readonly kind: RecordKind<Command, Event, State>,
  ) {}

  // The record if the caller may see it; one it may not see throws the same not-found as a missing one.
  abstract visible(actor: Actor, state: State, id: string): Promise<Existing> | Existing;

  // A command on one record the caller may see: read, fold, authorize, decide, append (the shared kernel).
  run(id: string, ctx: CommandContext, command: (state: Existing) => Decision<Command>): Promise<CommandResult> {
    return this.runner.run({ id, streamId: this.kind.stream(id), decider: this.kind.decider, ctx, authorize: (state) => this.authorize(ctx, state, id), command });
  }

  // What a command checks on the state it decides on, on every attempt (a retry folds a newer state): that the
  // caller may see the record.
  protected authorize(ctx: CommandContext, state: State, id: string): Promise<Existing> | Existing {
    return this.visible(ctx.actor, state, id);
  }

  // A command that creates a record: its id is fresh (or derived from this caller's own Idempotency-Key, or from
  // the record it comes from), so nobody else's.
  create(id: string, ctx: CommandContext, command: () => Decision<Command>): Promise<CommandResult> {
    return this.runner.run({ id, streamId: this.kind.stream(id), decider: this.kind.decider, ctx, authorize: (state) => state, command, creates: true });
  }

  // The record as its stream folds now, with its version for If-Match, and whom the answer is for (resolved for
  // the partners the record names).
  async read(id: string, actor: Actor, parties: (record: Existing) => (string | null)[]): Promise<{ record: Existing; version: number; audience: Audience }> {
    const { state, version } = await this.reader.load(this.kind.decider, this.kind.stream(id));
    const record = await this.visible(actor, state, id);
    return { record, version, audience: await audienceOf(this.directory, actor, parties(record)) };
  }
}

// A handler of a command on one existing record: it turns the command into the decider's command, and the
// context's rules do the rest. A use case's handler is its decorator and its `decide`.
export abstract class RecordCommandHandler<C extends RecordCommand<unknown> | BareRecordCommand, Command, Existing> {
  constructor(protected readonly rules: Pick<RecordRules<Command, DomainEvent, unknown, Existing>, 'run'>) {}

  execute(command: C): Promise<CommandResult> {
    return this.rules.run(command.id, command.ctx, (state) => this.decide(command, state));
  }

  protected abstract decide(command: C, state: Existing): Decision<Command>;
}
