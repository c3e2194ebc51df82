import { specFor } from '../shared/given-when-then';
import { PartnershipEvent, partnershipDecider } from './partnership.decider';

const given = specFor(partnershipDecider);
const at = '2026-11-22T10:00:00.000Z';
const data = { partnerId: 'acme', programId: 'prog', tier: 'Gold' as const, terms: 'Standard reseller terms v3', startDate: '2026-12-01' };
const context = { partnerExists: true, programActive: true, programTiers: ['Gold' as const, 'Silver' as const] };
const started: PartnershipEvent = { type: 'PartnershipStarted', data: { ...data, at } };

describe('partnership decider', () => {
  it('enrols a partner once, at a tier the program has', () => {
    given([]).when({ type: 'StartPartnership', data, context, now: at }).then([started]);
    given([started]).when({ type: 'StartPartnership', data, context, now: at }).thenRefuses('rule_broken', 'partnership_exists');
    given([]).when({ type: 'StartPartnership', data: { ...data, tier: 'Platinum' }, context, now: at }).thenRefuses('rule_broken', 'tier_not_in_program');
    given([]).when({ type: 'StartPartnership', data, context: { ...context, partnerExists: false }, now: at }).thenRefuses('not_found', 'partner_not_found');
    given([]).when({ type: 'StartPartnership', data, context: { ...context, programActive: false }, now: at }).thenRefuses('rule_broken', 'program_not_active');
  });

  it('changes tier and ends; an ended partnership can start again', () => {
    given([started])
      .when({ type: 'ChangePartnershipTier', data: { tier: 'Silver' }, context, now: at })
      .then([{ type: 'PartnershipTierChanged', data: { partnerId: 'acme', programId: 'prog', from: 'Gold', to: 'Silver', at } }]);
    const ended: PartnershipEvent = { type: 'PartnershipEnded', data: { partnerId: 'acme', programId: 'prog', reason: 'Contract ended', at } };
    given([started]).when({ type: 'EndPartnership', data: { reason: 'Contract ended' }, now: at }).then([ended]);
    given([started, ended]).when({ type: 'EndPartnership', data: { reason: 'again' }, now: at }).thenRefuses('not_found', 'partnership_not_found');
    given([started, ended]).when({ type: 'StartPartnership', data, context, now: at }).then([started]);
  });
});
