import { ConflictMatch } from '../deal-registration/deal-registration.events';
import { Fields, PartnerAudience, pick } from './audience';
import { matchedKeys } from './registration.view';
import { lineOwner } from './sales.view';

// What a partner reads of one event of its records: in a webhook payload, and in an order's timeline. Each
// event type declares the fields of its data a partner sees; an event type not declared here sends nothing
// of its data, and a field added to an event later stays internal until it is declared.
const by: Fields = { by: true, at: true };
const CUSTOMER: Fields = { companyName: true, domain: true, contactName: true, contactEmail: true };
const REGISTRATION_DETAILS: Fields = {
  registrationType: true,
  customer: CUSTOMER,
  estimatedSize: { amountMinor: true, currency: true },
  expectedCloseDate: true,
  products: true,
};

const EVENT_FIELDS: Record<string, Fields> = {
  RegistrationDrafted: { registrationId: true, partnerId: true, programId: true, submittedBy: true, ...REGISTRATION_DETAILS, at: true },
  RegistrationEdited: { registrationId: true, changes: REGISTRATION_DETAILS, ...by },
  RegistrationSubmitted: { registrationId: true, ...by },
  RegistrationConflictDetected: { registrationId: true, at: true },
  RegistrationReviewStarted: { registrationId: true, ...by },
  RegistrationInfoRequested: { registrationId: true, message: true, ...by },
  RegistrationResubmitted: { registrationId: true, ...by },
  RegistrationSentForApproval: { registrationId: true, ...by },
  RegistrationApproved: { registrationId: true, protectedUntil: true, ...by },
  RegistrationRejected: { registrationId: true, reason: true, ...by },
  RegistrationWithdrawn: { registrationId: true, reason: true, ...by },
  RegistrationCancelled: { registrationId: true, note: true, ...by },
  RegistrationExtensionRequested: { registrationId: true, reason: true, ...by },
  RegistrationExtensionGranted: { registrationId: true, protectedUntil: true, ...by },
  RegistrationExpired: { registrationId: true, at: true },
  RegistrationApprovalEscalated: { registrationId: true, at: true },
  RegistrationConverted: { registrationId: true, opportunityId: true, ...by },

  QuoteCreated: { quoteId: true, currency: true, validUntil: true, createdBy: true, at: true },
  QuoteRevised: { quoteId: true, version: true, supersedes: true, validUntil: true, ...by },
  QuoteSubmitted: { quoteId: true, version: true, ...by },
  QuoteApproved: { quoteId: true, version: true, ...by },
  QuoteRejected: { quoteId: true, version: true, reason: true, ...by },
  QuoteAccepted: { quoteId: true, version: true, ...by },
  QuoteExpired: { quoteId: true, version: true, at: true },

  OrderCreated: { orderId: true, account: true, contact: { name: true, email: true }, orderType: true, priority: true, currency: true, ...by },
  OrderSubmitted: { orderId: true, ...by },
  OrderFulfilmentStarted: { orderId: true, ...by },
  OrderLineFulfilled: { orderId: true, ...by },
  OrderFulfilled: { orderId: true, at: true },
  OrderClosed: { orderId: true, ...by },
  OrderCancelled: { orderId: true, reason: true, ...by },

  CaseOpened: {
    caseId: true,
    partnerId: true,
    openedBy: true,
    requestedBy: true,
    about: true,
    endCustomer: { companyName: true, contactEmail: true },
    priority: true,
    subject: true,
    description: true,
    firstResponseDueAt: true,
    resolutionDueAt: true,
    at: true,
  },
  CaseAssigned: { caseId: true, assigneeId: true, ...by },
  CaseFirstResponseRecorded: { caseId: true, message: true, ...by },
  CasePutOnHold: { caseId: true, reason: true, ...by },
  CaseResumed: { caseId: true, heldMs: true, firstResponseDueAt: true, resolutionDueAt: true, ...by },
  CaseResolved: { caseId: true, resolution: true, ...by },
  CaseClosed: { caseId: true, ...by },
  CaseReopened: { caseId: true, reason: true, ...by },
  CaseSlaBreached: { caseId: true, target: true, dueAt: true, at: true },
};

const QUOTE_LINE: Fields = { lineId: true, productOffering: true, quantity: true, unitPriceMinor: true, ramp: { fromMonth: true, toMonth: true, unitPriceMinor: true }, partnerId: true, totalMinor: true };
const ORDER_LINE: Fields = { lineId: true, product: true, quantity: true, unitPriceMinor: true, partnerId: true, totalMinor: true, fulfilledAt: true };

type Line = { partnerId: string | null; totalMinor: number };

// The fields of event data that name the staff member who acted (the event's actor).
const ACTOR_FIELDS = ['by', 'openedBy', 'submittedBy', 'createdBy'] as const;

// `channelPartnerId` is the record's channel partner (lines without a partner of their own are its lines);
// `actorPartnerId` the partner of the staff member who acted (from the event's metadata; none for the enterprise).
export function partnerEventData(
  type: string,
  data: Record<string, unknown>,
  audience: PartnerAudience,
  record: { channelPartnerId: string | null; actorPartnerId?: string | null },
): Record<string, unknown> {
  const fields = EVENT_FIELDS[type];
  if (!fields) return {};
  const out = pick(data, fields);
  // Staff of an organisation the reader may not see are nobody it may name (their id would follow them across
  // records).
  if (record.actorPartnerId && !audience.sees(record.actorPartnerId)) {
    for (const field of ACTOR_FIELDS) if (field in out) out[field] = null;
  }
  const channel = record.channelPartnerId;
  const sees = (id: unknown) => audience.sees(typeof id === 'string' ? id : null);
  switch (type) {
    case 'RegistrationConflictDetected':
      out.matchedKeys = matchedKeys(data.matches as ConflictMatch[]);
      break;
    case 'QuoteCreated':
      out.channelPartnerId = sees(data.channelPartnerId) ? data.channelPartnerId : null;
      out.opportunityId = sees(data.channelPartnerId) ? data.opportunityId : null;
      break;
    case 'OrderCreated':
      out.channelPartnerId = sees(data.channelPartnerId) ? data.channelPartnerId : null;
      out.quoteId = sees(data.channelPartnerId) ? data.quoteId : null;
      break;
    case 'OrderLineFulfilled':
      if (sees(lineOwner({ partnerId: (data.partnerId as string | null) ?? null }, channel))) Object.assign(out, pick(data, { lineId: true, partnerId: true }));
      break;
  }
  if (Array.isArray(data.lines)) {
    const lines = (data.lines as Line[]).filter((l) => audience.sees(lineOwner(l, channel)));
    out.lines = lines.map((l) => pick(l, type.startsWith('Quote') ? QUOTE_LINE : ORDER_LINE));
    out.totalMinor = lines.reduce((total, l) => total + l.totalMinor, 0);
  }
  return out;
}
