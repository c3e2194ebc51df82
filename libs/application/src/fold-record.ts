import { Decider } from '@channel-ledger/domain';
import { DomainEvent, Recorded, malformation } from '@channel-ledger/event-store';
import { HttpProblem } from '@channel-ledger/platform';

// A stream holding a row that no writer produces (changed in the database) cannot be folded into a state: a command
// or a read of it is refused with a 409 rather than failing as a server error. The answer names no event and no
// content (it is given before the caller is known to be allowed to see the record); the auditor's history of the
// record names the event.
export function foldRecord<Event extends DomainEvent, State>(decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>, history: Recorded<Event>[]): State {
  const unreadable = () =>
    new HttpProblem(409, 'record_unreadable', "this record's stored history cannot be read (it was changed outside the application); it must be restored before the record can change");
  let state = decider.initialState;
  for (const event of history) {
    if (malformation(event)) throw unreadable();
    try {
      state = decider.evolve(state, event);
    } catch {
      throw unreadable();
    }
  }
  return state;
}
