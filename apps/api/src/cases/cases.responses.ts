import type { ExistingCase } from '@channel-ledger/application/cases/cases.rules';
import type { Page, RecordAnswer } from '../openapi/shared.responses';

// GET /v1/cases/:caseId (views/case.view.ts).
export type Case = RecordAnswer<
  ExistingCase & { version: number },
  'caseId' | 'partnerId' | 'status' | 'openedBy' | 'requestedBy' | 'about' | 'priority' | 'subject' | 'description' | 'assigneeId' | 'firstResponseDueAt' | 'resolutionDueAt' | 'firstRespondedAt' | 'heldSince' | 'statusBeforeHold' | 'resolvedAt' | 'breaches' | 'version'
>;

// A row of GET /v1/cases (views/case.view.ts): breaches computed when read.
export interface CaseRow {
  caseId: string;
  partnerId: string;
  priority: string;
  subject: string;
  about: string;
  status: string;
  assigneeId: string | null;
  firstResponseDueAt: string;
  resolutionDueAt: string;
  firstResponseBreached: boolean;
  resolutionBreached: boolean;
  openedAt: string;
  updatedAt: string;
}

export type CaseList = Page<CaseRow>;
