import { randomUUID } from 'node:crypto';
import { NewEvent } from './event-store.port';
import { InvalidAppendError, validateAppend } from './validate-append';

const event = (overrides: Partial<NewEvent> = {}): NewEvent => ({
  id: randomUUID(),
  type: 'Happened',
  data: {},
  metadata: { schemaVersion: 1, occurredAt: '2026-11-22T00:00:00.000Z' },
  ...overrides,
});

describe('validateAppend', () => {
  it.each([
    ['an empty stream id', '', [event()], 'any'],
    ['a reserved stream id', '$all', [event()], 'any'],
    ['no events', 'orders-1', [], 'any'],
    ['a non-UUID event id', 'orders-1', [event({ id: 'nope' })], 'any'],
    ['a system event type', 'orders-1', [event({ type: '$metadata' })], 'any'],
    ['a negative expected revision', 'orders-1', [event()], -1],
    ['a fractional expected revision', 'orders-1', [event()], 1.5],
  ] as const)('refuses %s', (_label, stream, events, expected) => {
    expect(() => validateAppend(stream, [...events], expected)).toThrow(InvalidAppendError);
  });

  it('refuses the same event id twice in one append', () => {
    const e = event();
    expect(() => validateAppend('orders-1', [e, { ...e, id: e.id.toUpperCase() }], 'any')).toThrow(/appears twice/);
  });

  it('accepts a well-formed append', () => {
    expect(() => validateAppend('orders-1', [event(), event()], 3)).not.toThrow();
  });
});
