// Typed errors, one family per rule set; the API's exception filter maps each kind to one HTTP status.
export abstract class DomainError extends Error {
  abstract readonly kind: 'rule_broken' | 'not_found' | 'invalid';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

// A command that the current state does not allow (HTTP 409).
export class RuleBroken extends DomainError {
  readonly kind = 'rule_broken' as const;
}

// The aggregate does not exist, or the caller may not know that it does (HTTP 404).
export class NotFound extends DomainError {
  readonly kind = 'not_found' as const;
}

// Well-formed input that the domain refuses on its own terms, e.g. a cycle in a hierarchy (HTTP 400).
export class InvalidInput extends DomainError {
  readonly kind = 'invalid' as const;
  constructor(
    readonly field: string,
    code: string,
    message: string,
  ) {
    super(code, message);
  }
}

export function unreachable(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}

// The one "not from this state" rule every state machine here shares: a 409 that names the state.
export function requireStatus<S extends string>(noun: string, status: S, allowed: readonly S[], action: string, finalStates: readonly S[] = []): void {
  if (allowed.includes(status)) return;
  const final = finalStates.includes(status) ? ' (a final state)' : '';
  throw new RuleBroken('invalid_transition', `cannot ${action} ${noun} that is ${status}${final}`);
}
