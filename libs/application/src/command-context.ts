import { Actor, Role } from '@channel-ledger/auth';

// Everything about one command request that is not its body: who, which conversation, which version.
export interface CommandContext {
  actor: Actor;
  // The role the command acts in: the first of the actor's roles that the route allows, chosen once by the guard.
  role: Role;
  correlationId: string;
  // The request that caused the events: its request id.
  causationId: string;
  idempotencyKey: string | undefined;
  // From If-Match: the version the client last saw (number of events in the stream).
  expectedVersion: number | undefined;
  // The first answer to this Idempotency-Key, when the request repeats one already answered.
  replay: { body: unknown } | undefined;
  now: string;
}

