import type { ExistingCase } from '@channel-ledger/application/cases/cases.rules';
import type { Page, RecordAnswer } from '../openapi/shared.responses';

// GET /v1/cases/:caseId (views/case.view.ts).
export type Case = RecordAnswer<
  ExistingCase & { version: number },
  'caseId' | 'partnerId' | 'status' | 'openedBy' | 'requestedBy' | 'about' | 'priority' | 'subject' | 'description' | 'assigneeId' | 'firstResponseDueAt' | 'resolutionDueAt' | 'firstRespondedAt' | 'heldSince' | 'statusBeforeHold' | 'resolvedAt' | 'breaches' | 'version'
>;

export interface CaseRow {
  caseId: string;
  partnerId: string;
  priority: string;
  status: string;
  [field: string]: unknown;
}

export type CaseList = Page<CaseRow>;
