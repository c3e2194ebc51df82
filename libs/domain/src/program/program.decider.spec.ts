import { specFor } from '../shared/given-when-then';
import { programDecider } from './program.decider';
import { DEFAULT_DEAL_REGISTRATION_RULES, ProgramEvent, ProgramTier } from './program.events';

const given = specFor(programDecider);
const at = '2026-11-22T10:00:00.000Z';
const tiers: ProgramTier[] = [
  { name: 'Gold', rank: 1, benefits: ['10% discount'], requirements: ['$1M bookings'] },
  { name: 'Silver', rank: 2, benefits: ['5% discount'], requirements: [] },
];
const created: ProgramEvent = { type: 'ProgramCreated', data: { programId: 'p', name: 'Resell', tiers, rules: DEFAULT_DEAL_REGISTRATION_RULES, at } };

describe('program decider', () => {
  it('creates a program with distinct tiers', () => {
    given([]).when({ type: 'CreateProgram', data: { programId: 'p', name: 'Resell', tiers, rules: DEFAULT_DEAL_REGISTRATION_RULES }, now: at }).then([created]);
    given([])
      .when({ type: 'CreateProgram', data: { programId: 'p', name: 'Resell', tiers: [tiers[0], { ...tiers[1], rank: 1 }], rules: DEFAULT_DEAL_REGISTRATION_RULES }, now: at })
      .thenRefuses('invalid', 'duplicate_rank');
  });

  it('updates rules, links new segments only, and retires for good', () => {
    const rules = { ...DEFAULT_DEAL_REGISTRATION_RULES, protectionDays: 60 };
    given([created]).when({ type: 'UpdateProgramRules', data: { rules }, now: at }).then([{ type: 'ProgramRulesUpdated', data: { programId: 'p', rules, at } }]);
    const linked: ProgramEvent = { type: 'ProgramSegmentsLinked', data: { programId: 'p', segments: ['Gold'], at } };
    given([created]).when({ type: 'LinkSegments', data: { segments: ['Gold'] }, now: at }).then([linked]);
    given([created, linked]).when({ type: 'LinkSegments', data: { segments: ['Gold'] }, now: at }).then([]);
    const retired: ProgramEvent = { type: 'ProgramRetired', data: { programId: 'p', at } };
    given([created]).when({ type: 'RetireProgram', now: at }).then([retired]);
    given([created, retired]).when({ type: 'UpdateProgramRules', data: { rules }, now: at }).thenRefuses('rule_broken', 'program_retired');
  });
});
