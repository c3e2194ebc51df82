import { Decider } from './shared/decider';
import { caseDecider, caseStream } from './case/case.decider';
import { opportunityDecider, opportunityStream } from './opportunity/opportunity.decider';
import { orderDecider, orderStream } from './order/order.decider';
import { partnerDecider, partnerStream } from './partner/partner.decider';
import { partnershipDecider, partnershipStream } from './partnership/partnership.decider';
import { programDecider, programStream } from './program/program.decider';
import { quoteDecider, quoteStream } from './quote/quote.decider';
import { registrationDecider, registrationStream } from './deal-registration/deal-registration.decider';

export type Folder = Pick<Decider<unknown, any, unknown>, 'evolve' | 'initialState'>;

export interface Aggregate {
  // The record type's name in the API's paths (and the audit's --kind).
  resource: string;
  // Every stream of the aggregate starts with it; taken from the aggregate's own stream function, so it is
  // written in one place.
  prefix: string;
  decider: Folder;
  // The webhook topic its changes are delivered under, for the record types partners can subscribe to.
  topic?: 'deal_registration' | 'quote' | 'order' | 'case';
  // Whether an auditor can read and verify its history by id through the audit surface.
  auditable: boolean;
}

const prefixOf = (stream: (...ids: string[]) => string) => stream('').replace(/[^-]*$/, '');

// The one registry of the aggregates the log holds: audit, webhooks, the CLI and projections find a stream's
// record type here.
export const AGGREGATES: readonly Aggregate[] = [
  { resource: 'deal-registrations', prefix: prefixOf(registrationStream), decider: registrationDecider, topic: 'deal_registration', auditable: true },
  { resource: 'partners', prefix: prefixOf(partnerStream), decider: partnerDecider, auditable: true },
  { resource: 'programs', prefix: prefixOf(programStream), decider: programDecider, auditable: true },
  { resource: 'opportunities', prefix: prefixOf(opportunityStream), decider: opportunityDecider, auditable: true },
  { resource: 'quotes', prefix: prefixOf(quoteStream), decider: quoteDecider, topic: 'quote', auditable: true },
  { resource: 'orders', prefix: prefixOf(orderStream), decider: orderDecider, topic: 'order', auditable: true },
  { resource: 'cases', prefix: prefixOf(caseStream), decider: caseDecider, topic: 'case', auditable: true },
  { resource: 'partnerships', prefix: prefixOf(partnershipStream), decider: partnershipDecider, auditable: false },
];

// The aggregate a stream belongs to, by its prefix; undefined for streams of no aggregate (customer claims).
export function aggregateOf(streamId: string): Aggregate | undefined {
  return AGGREGATES.find((a) => streamId.startsWith(a.prefix));
}
