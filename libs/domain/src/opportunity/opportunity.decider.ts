import { InvalidInput, NotFound, RuleBroken, unreachable } from '../shared/domain-error';
import { multiply, sum } from '../shared/money';

export const OPPORTUNITY_SOURCES = ['direct', 'partner_sourced', 'partner_influenced'] as const;
export type OpportunitySource = (typeof OPPORTUNITY_SOURCES)[number];
export const OPEN_STAGES = ['Qualify', 'Develop', 'Negotiate'] as const;
export type OpenStage = (typeof OPEN_STAGES)[number];
export const OPPORTUNITY_STAGES = [...OPEN_STAGES, 'ClosedWon', 'ClosedLost'] as const;
export type OpportunityStage = (typeof OPPORTUNITY_STAGES)[number];
export const LOSS_REASONS = ['price', 'competitor', 'no_budget', 'no_decision', 'timing', 'product_fit', 'other'] as const;
export type LossReason = (typeof LOSS_REASONS)[number];

export interface OpportunityLine {
  lineId: string;
  product: string;
  quantity: number;
  unitPriceMinor: number;
  // Each line may be sold through its own channel partner.
  partnerId: string | null;
}

export interface OpportunityDetails {
  name: string;
  accountName: string;
  source: OpportunitySource;
  channelPartnerId: string | null;
  currency: string;
  expectedCloseDate: string;
  lineItems: OpportunityLine[];
}

export type OpportunityEvent =
  | { type: 'OpportunityCreated'; data: OpportunityDetails & { opportunityId: string; registrationId: string | null; amountMinor: number; at: string } }
  | { type: 'OpportunityLinesUpdated'; data: { opportunityId: string; lineItems: OpportunityLine[]; amountMinor: number; at: string } }
  | { type: 'OpportunityStageChanged'; data: { opportunityId: string; from: OpenStage; to: OpenStage; by: string; at: string } }
  | { type: 'OpportunityWon'; data: { opportunityId: string; amountMinor: number; currency: string; by: string; at: string } }
  | { type: 'OpportunityLost'; data: { opportunityId: string; reason: LossReason; note: string | null; by: string; at: string } };

export type Opportunity =
  | { status: 'none' }
  | (OpportunityDetails & { status: 'open' | 'closed'; opportunityId: string; registrationId: string | null; stage: OpportunityStage; amountMinor: number; wonAmountMinor: number | null });

export type OpportunityCommand =
  | { type: 'CreateOpportunity'; data: OpportunityDetails & { opportunityId: string; registrationId: string | null }; now: string }
  | { type: 'UpdateOpportunityLines'; data: { lineItems: OpportunityLine[] }; now: string }
  | { type: 'ChangeStage'; data: { stage: OpenStage }; by: string; now: string }
  | { type: 'CloseWon'; data: { amountMinor: number }; by: string; now: string }
  | { type: 'CloseLost'; data: { reason: LossReason; note: string | null }; by: string; now: string };

function pipelineAmount(lines: OpportunityLine[]): number {
  return sum(lines.map((l, i) => multiply(l.unitPriceMinor, l.quantity, `lineItems[${i}]`)), 'lineItems');
}

function open(state: Opportunity): Extract<Opportunity, { status: 'open' | 'closed' }> {
  if (state.status === 'none') throw new NotFound('opportunity_not_found', 'opportunity not found');
  if (state.status === 'closed') throw new RuleBroken('opportunity_closed', `the opportunity is ${state.stage}`);
  return state;
}

export function decideOpportunity(command: OpportunityCommand, state: Opportunity): OpportunityEvent[] {
  switch (command.type) {
    case 'CreateOpportunity': {
      if (state.status !== 'none') throw new RuleBroken('opportunity_exists', 'opportunity already exists');
      const { source, channelPartnerId } = command.data;
      if (source === 'direct' && channelPartnerId !== null) throw new InvalidInput('channelPartnerId', 'direct_has_no_partner', 'a direct opportunity has no channel partner');
      if (source !== 'direct' && channelPartnerId === null) throw new InvalidInput('channelPartnerId', 'partner_required', `a ${source} opportunity needs its channel partner`);
      return [{ type: 'OpportunityCreated', data: { ...command.data, amountMinor: pipelineAmount(command.data.lineItems), at: command.now } }];
    }
    case 'UpdateOpportunityLines': {
      const opportunity = open(state);
      return [{ type: 'OpportunityLinesUpdated', data: { opportunityId: opportunity.opportunityId, lineItems: command.data.lineItems, amountMinor: pipelineAmount(command.data.lineItems), at: command.now } }];
    }
    case 'ChangeStage': {
      const opportunity = open(state);
      if (opportunity.stage === command.data.stage) return [];
      return [{ type: 'OpportunityStageChanged', data: { opportunityId: opportunity.opportunityId, from: opportunity.stage as OpenStage, to: command.data.stage, by: command.by, at: command.now } }];
    }
    case 'CloseWon': {
      const opportunity = open(state);
      return [{ type: 'OpportunityWon', data: { opportunityId: opportunity.opportunityId, amountMinor: command.data.amountMinor, currency: opportunity.currency, by: command.by, at: command.now } }];
    }
    case 'CloseLost': {
      const opportunity = open(state);
      return [{ type: 'OpportunityLost', data: { opportunityId: opportunity.opportunityId, reason: command.data.reason, note: command.data.note, by: command.by, at: command.now } }];
    }
    default:
      return unreachable(command);
  }
}

export function evolveOpportunity(state: Opportunity, event: OpportunityEvent): Opportunity {
  if (event.type === 'OpportunityCreated') {
    const { at: _at, ...data } = event.data;
    return { ...data, status: 'open', stage: 'Qualify', wonAmountMinor: null };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'OpportunityLinesUpdated':
      return { ...state, lineItems: event.data.lineItems, amountMinor: event.data.amountMinor };
    case 'OpportunityStageChanged':
      return { ...state, stage: event.data.to };
    case 'OpportunityWon':
      return { ...state, status: 'closed', stage: 'ClosedWon', wonAmountMinor: event.data.amountMinor };
    case 'OpportunityLost':
      return { ...state, status: 'closed', stage: 'ClosedLost' };
    default:
      return unreachable(event);
  }
}

export const opportunityDecider = { decide: decideOpportunity, evolve: evolveOpportunity, initialState: { status: 'none' } as Opportunity };
export const opportunityStream = (opportunityId: string) => `opportunity-${opportunityId}`;
