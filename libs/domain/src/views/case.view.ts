import { View } from './audience';

const CASE_FIELDS = {
  caseId: true,
  partnerId: true,
  status: true,
  openedBy: true,
  requestedBy: true,
  about: true,
  endCustomer: { companyName: true, contactEmail: true },
  priority: true,
  subject: true,
  description: true,
  assigneeId: true,
  firstResponseDueAt: true,
  resolutionDueAt: true,
  firstRespondedAt: true,
  heldSince: true,
  statusBeforeHold: true,
  resolvedAt: true,
  breaches: true,
  version: true,
} as const;

// GET /v1/cases/:id: a case is opened by the partner for itself, so it reads all of it that is declared here.
export const caseView: View<object> = { partner: CASE_FIELDS };

// A row of GET /v1/cases.
export const caseRowView: View<object> = {
  partner: {
    caseId: true,
    partnerId: true,
    priority: true,
    subject: true,
    about: true,
    status: true,
    assigneeId: true,
    firstResponseDueAt: true,
    resolutionDueAt: true,
    firstResponseBreached: true,
    resolutionBreached: true,
    openedAt: true,
    updatedAt: true,
  },
};
