import { InvalidInput, NotFound, RuleBroken, unreachable } from '../shared/domain-error';
import { Tier } from '../partner/partner.events';
import { CaseSlaTargets } from '../case/case.decider';
import { DealRegistrationRules, ProgramEvent, ProgramTier } from './program.events';

export type Program =
  | { status: 'none' }
  | { status: 'active' | 'retired'; programId: string; name: string; tiers: ProgramTier[]; rules: DealRegistrationRules; segments: Tier[]; caseSla: CaseSlaTargets | null };

export type ProgramCommand =
  | { type: 'CreateProgram'; data: { programId: string; name: string; tiers: ProgramTier[]; rules: DealRegistrationRules }; now: string }
  | { type: 'UpdateProgramRules'; data: { rules: DealRegistrationRules }; now: string }
  | { type: 'LinkSegments'; data: { segments: Tier[] }; now: string }
  | { type: 'SetCaseSla'; data: { caseSla: CaseSlaTargets }; now: string }
  | { type: 'RetireProgram'; now: string };

export const initialProgram: Program = { status: 'none' };

function active(state: Program): Extract<Program, { status: 'active' | 'retired' }> {
  if (state.status === 'none') throw new NotFound('program_not_found', 'program not found');
  if (state.status === 'retired') throw new RuleBroken('program_retired', 'the program is retired');
  return state;
}

function checkTiers(tiers: ProgramTier[]): void {
  const names = new Set(tiers.map((t) => t.name));
  const ranks = new Set(tiers.map((t) => t.rank));
  if (names.size !== tiers.length) throw new InvalidInput('tiers', 'duplicate_tier', 'each tier may appear once');
  if (ranks.size !== tiers.length) throw new InvalidInput('tiers', 'duplicate_rank', 'each tier needs its own rank');
}

export function decideProgram(command: ProgramCommand, state: Program): ProgramEvent[] {
  switch (command.type) {
    case 'CreateProgram':
      if (state.status !== 'none') throw new RuleBroken('program_exists', 'program already exists');
      checkTiers(command.data.tiers);
      return [{ type: 'ProgramCreated', data: { ...command.data, at: command.now } }];
    case 'UpdateProgramRules': {
      const program = active(state);
      return [{ type: 'ProgramRulesUpdated', data: { programId: program.programId, rules: command.data.rules, at: command.now } }];
    }
    case 'LinkSegments': {
      const program = active(state);
      const added = command.data.segments.filter((s) => !program.segments.includes(s));
      if (added.length === 0) return [];
      return [{ type: 'ProgramSegmentsLinked', data: { programId: program.programId, segments: added, at: command.now } }];
    }
    case 'SetCaseSla': {
      const program = active(state);
      return [{ type: 'ProgramCaseSlaSet', data: { programId: program.programId, caseSla: command.data.caseSla, at: command.now } }];
    }
    case 'RetireProgram': {
      if (state.status === 'retired') return [];
      const program = active(state);
      return [{ type: 'ProgramRetired', data: { programId: program.programId, at: command.now } }];
    }
    default:
      return unreachable(command);
  }
}

export function evolveProgram(state: Program, event: ProgramEvent): Program {
  if (event.type === 'ProgramCreated') {
    const { programId, name, tiers, rules } = event.data;
    return { status: 'active', programId, name, tiers, rules, segments: [], caseSla: null };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'ProgramRulesUpdated':
      return { ...state, rules: event.data.rules };
    case 'ProgramSegmentsLinked':
      return { ...state, segments: [...state.segments, ...event.data.segments] };
    case 'ProgramCaseSlaSet':
      return { ...state, caseSla: event.data.caseSla };
    case 'ProgramRetired':
      return { ...state, status: 'retired' };
    default:
      return unreachable(event);
  }
}

export const programDecider = { decide: decideProgram, evolve: evolveProgram, initialState: initialProgram };

export const programStream = (programId: string) => `program-${programId}`;
