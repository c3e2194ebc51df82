import { EventStoreError, ExpectedRevision, NewEvent } from './event-store.port';

export class InvalidAppendError extends EventStoreError {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAppendError';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Both adapters refuse the same malformed appends before touching the server.
export function validateAppend(streamId: string, events: NewEvent[], expected: ExpectedRevision): void {
  if (typeof streamId !== 'string' || streamId.length === 0 || streamId.length > 512) {
    throw new InvalidAppendError('stream id must be a non-empty string of at most 512 characters');
  }
  if (streamId.startsWith('$')) throw new InvalidAppendError(`stream id ${streamId} is reserved ($-prefixed)`);
  if (!Array.isArray(events) || events.length === 0) throw new InvalidAppendError('an append needs at least one event');
  if (typeof expected === 'number' && (!Number.isSafeInteger(expected) || expected < 0)) {
    throw new InvalidAppendError(`expected revision must be a non-negative integer, got ${expected}`);
  }
  const seen = new Set<string>();
  for (const event of events) {
    if (!UUID.test(event.id)) throw new InvalidAppendError(`event id ${JSON.stringify(event.id)} is not a UUID`);
    const id = event.id.toLowerCase();
    if (seen.has(id)) throw new InvalidAppendError(`event id ${id} appears twice in one append`);
    seen.add(id);
    if (!event.type || event.type.startsWith('$')) throw new InvalidAppendError(`event type ${JSON.stringify(event.type)} is not allowed`);
  }
}
