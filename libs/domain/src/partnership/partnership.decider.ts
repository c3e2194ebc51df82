import { NotFound, RuleBroken, unreachable } from '../shared/domain-error';
import { Tier } from '../partner/partner.events';

export type PartnershipEvent =
  | { type: 'PartnershipStarted'; data: { partnerId: string; programId: string; tier: Tier; terms: string; startDate: string; at: string } }
  | { type: 'PartnershipTierChanged'; data: { partnerId: string; programId: string; from: Tier; to: Tier; at: string } }
  | { type: 'PartnershipEnded'; data: { partnerId: string; programId: string; reason: string; at: string } };

export type Partnership =
  | { status: 'none' | 'ended'; partnerId?: string; programId?: string }
  | { status: 'active'; partnerId: string; programId: string; tier: Tier; terms: string; startDate: string };

// The handler supplies facts read from the partner's and the program's streams.
export type PartnershipCommand =
  | {
      type: 'StartPartnership';
      data: { partnerId: string; programId: string; tier: Tier; terms: string; startDate: string };
      context: { partnerExists: boolean; programActive: boolean; programTiers: Tier[] };
      now: string;
    }
  | { type: 'ChangePartnershipTier'; data: { tier: Tier }; context: { programTiers: Tier[] }; now: string }
  | { type: 'EndPartnership'; data: { reason: string }; now: string };

// The states a partnership's read model shows: enrolled, or enrolled once and ended.
export const PARTNERSHIP_STATUSES = ['active', 'ended'] as const;
export type PartnershipStatus = (typeof PARTNERSHIP_STATUSES)[number];

export const initialPartnership: Partnership = { status: 'none' };

function active(state: Partnership): Extract<Partnership, { status: 'active' }> {
  if (state.status !== 'active') throw new NotFound('partnership_not_found', 'no active partnership for this partner and program');
  return state;
}

export function decidePartnership(command: PartnershipCommand, state: Partnership): PartnershipEvent[] {
  switch (command.type) {
    case 'StartPartnership': {
      if (state.status === 'active') throw new RuleBroken('partnership_exists', 'the partner is already enrolled in this program');
      if (!command.context.partnerExists) throw new NotFound('partner_not_found', 'partner not found');
      if (!command.context.programActive) throw new RuleBroken('program_not_active', 'the program does not exist or is retired');
      if (!command.context.programTiers.includes(command.data.tier)) {
        throw new RuleBroken('tier_not_in_program', `the program has no tier ${command.data.tier}`);
      }
      return [{ type: 'PartnershipStarted', data: { ...command.data, at: command.now } }];
    }
    case 'ChangePartnershipTier': {
      const partnership = active(state);
      if (partnership.tier === command.data.tier) return [];
      if (!command.context.programTiers.includes(command.data.tier)) {
        throw new RuleBroken('tier_not_in_program', `the program has no tier ${command.data.tier}`);
      }
      return [
        {
          type: 'PartnershipTierChanged',
          data: { partnerId: partnership.partnerId, programId: partnership.programId, from: partnership.tier, to: command.data.tier, at: command.now },
        },
      ];
    }
    case 'EndPartnership': {
      const partnership = active(state);
      return [{ type: 'PartnershipEnded', data: { partnerId: partnership.partnerId, programId: partnership.programId, reason: command.data.reason, at: command.now } }];
    }
    default:
      return unreachable(command);
  }
}

export function evolvePartnership(state: Partnership, event: PartnershipEvent): Partnership {
  switch (event.type) {
    case 'PartnershipStarted': {
      const { partnerId, programId, tier, terms, startDate } = event.data;
      return { status: 'active', partnerId, programId, tier, terms, startDate };
    }
    case 'PartnershipTierChanged':
      return state.status === 'active' ? { ...state, tier: event.data.to } : state;
    case 'PartnershipEnded':
      return { status: 'ended', partnerId: event.data.partnerId, programId: event.data.programId };
    default:
      return unreachable(event);
  }
}

export const partnershipDecider = { decide: decidePartnership, evolve: evolvePartnership, initialState: initialPartnership };

// One stream per partner and program: enrolling twice is a revision conflict, not a race.
export const partnershipStream = (partnerId: string, programId: string) => `partnership-${partnerId}_${programId}`;
