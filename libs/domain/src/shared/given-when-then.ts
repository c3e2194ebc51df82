// Decider tests read as given(events).when(command).then(events). Used by *.spec.ts only.
import { DomainError } from './domain-error';
import { Decider, fold } from './decider';

export function specFor<Command, Event, State>(decider: Decider<Command, Event, State>) {
  return (history: Event[]) => ({
    when: (command: Command) => ({
      then(expected: Event[]) {
        expect(decider.decide(command, fold(decider, history))).toEqual(expected);
      },
      thenRefuses(kind: DomainError['kind'], code: string) {
        let error: unknown;
        try {
          decider.decide(command, fold(decider, history));
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(DomainError);
        expect({ kind: (error as DomainError).kind, code: (error as DomainError).code }).toEqual({ kind, code });
      },
    }),
  });
}
