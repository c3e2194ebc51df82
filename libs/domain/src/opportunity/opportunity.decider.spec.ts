import { specFor } from '../shared/given-when-then';
import { OpportunityEvent, opportunityDecider } from './opportunity.decider';

const given = specFor(opportunityDecider);
const at = '2026-11-22T10:00:00.000Z';
const details = {
  opportunityId: 'o1',
  registrationId: 'r1',
  name: 'Initech ledger rollout',
  accountName: 'Initech',
  source: 'partner_sourced' as const,
  channelPartnerId: 'acme',
  currency: 'USD',
  expectedCloseDate: '2027-03-31',
  lineItems: [
    { lineId: 'l1', product: 'ledger-enterprise', quantity: 10, unitPriceMinor: 120_000, partnerId: 'acme' },
    { lineId: 'l2', product: 'ledger-audit', quantity: 10, unitPriceMinor: 30_000, partnerId: 'globex' },
  ],
};
const created: OpportunityEvent = { type: 'OpportunityCreated', data: { ...details, amountMinor: 1_500_000, at } };

describe('opportunity decider', () => {
  it('creates with the pipeline amount computed from its lines', () => {
    given([]).when({ type: 'CreateOpportunity', data: details, now: at }).then([created]);
  });

  it('keeps source and channel partner consistent', () => {
    given([]).when({ type: 'CreateOpportunity', data: { ...details, source: 'direct' }, now: at }).thenRefuses('invalid', 'direct_has_no_partner');
    given([]).when({ type: 'CreateOpportunity', data: { ...details, channelPartnerId: null }, now: at }).thenRefuses('invalid', 'partner_required');
  });

  it('moves through stages and closes won with an amount or lost with a reason, then stays closed', () => {
    const develop: OpportunityEvent = { type: 'OpportunityStageChanged', data: { opportunityId: 'o1', from: 'Qualify', to: 'Develop', by: 'cm', at } };
    given([created]).when({ type: 'ChangeStage', data: { stage: 'Develop' }, by: 'cm', now: at }).then([develop]);
    const won: OpportunityEvent = { type: 'OpportunityWon', data: { opportunityId: 'o1', amountMinor: 1_400_000, currency: 'USD', by: 'cm', at } };
    given([created, develop]).when({ type: 'CloseWon', data: { amountMinor: 1_400_000 }, by: 'cm', now: at }).then([won]);
    given([created])
      .when({ type: 'CloseLost', data: { reason: 'competitor', note: null }, by: 'cm', now: at })
      .then([{ type: 'OpportunityLost', data: { opportunityId: 'o1', reason: 'competitor', note: null, by: 'cm', at } }]);
    given([created, won]).when({ type: 'ChangeStage', data: { stage: 'Negotiate' }, by: 'cm', now: at }).thenRefuses('rule_broken', 'opportunity_closed');
  });
});
