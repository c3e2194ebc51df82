import {
  Decider,
  caseDecider,
  opportunityDecider,
  orderDecider,
  partnerDecider,
  programDecider,
  quoteDecider,
  registrationDecider,
} from '../../../../libs/domain/src';

// What an auditor may read, by its resource name: the stream prefix and the decider that folds it.
export const AUDITABLE: Record<string, { prefix: string; decider: Pick<Decider<unknown, any, unknown>, 'evolve' | 'initialState'> }> = {
  'deal-registrations': { prefix: 'registration', decider: registrationDecider },
  partners: { prefix: 'partner', decider: partnerDecider },
  programs: { prefix: 'program', decider: programDecider },
  opportunities: { prefix: 'opportunity', decider: opportunityDecider },
  quotes: { prefix: 'quote', decider: quoteDecider },
  orders: { prefix: 'order', decider: orderDecider },
  cases: { prefix: 'case', decider: caseDecider },
};
