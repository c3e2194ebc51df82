import { Injectable } from '@nestjs/common';
import { NotFound, Program } from '@channel-ledger/domain';

// What every program use case but its creation asks: whether the program exists. Programs are published terms:
// every signed-in user may read them; the roles that change them are set on the route.
@Injectable()
export class ProgramRules {
  existing(state: Program): Program {
    if (state.status === 'none') throw new NotFound('program_not_found', 'program not found');
    return state;
  }
}

// Validated bodies arrive as class instances; the events carry plain data.
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
