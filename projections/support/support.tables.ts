import { Selectable } from 'kysely';
import { CasePriority, CaseStatus, CaseAbout } from '@channel-ledger/domain';

export interface RmCasesTable {
  case_id: string;
  partner_id: string;
  priority: CasePriority;
  subject: string;
  about: CaseAbout;
  status: CaseStatus;
  assignee_id: string | null;
  first_response_due_at: Date;
  resolution_due_at: Date;
  first_responded_at: Date | null;
  resolved_at: Date | null;
  // Set while the case is on hold: the SLA clock is stopped since then.
  held_since: Date | null;
  status_before_hold: CaseStatus | null;
  opened_at: Date;
  updated_at: Date;
  last_position: string;
}

export interface SupportTables {
  rm_cases: RmCasesTable;
}

export type CaseRow = Selectable<RmCasesTable>;
