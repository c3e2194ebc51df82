import { Selectable } from 'kysely';

export interface RmCasesTable {
  case_id: string;
  partner_id: string;
  priority: string;
  subject: string;
  about: string;
  status: string;
  assignee_id: string | null;
  first_response_due_at: Date;
  resolution_due_at: Date;
  first_responded_at: Date | null;
  resolved_at: Date | null;
  // Set while the case is on hold: the SLA clock is stopped since then.
  held_since: Date | null;
  status_before_hold: string | null;
  opened_at: Date;
  updated_at: Date;
  last_position: string;
}

export interface RmPartnershipsTable {
  partner_id: string;
  program_id: string;
  tier: string;
  status: string;
  start_date: string;
  updated_at: Date;
  last_position: string;
}

export interface SupportTables {
  rm_cases: RmCasesTable;
}

export interface PartnershipTables {
  rm_partnerships: RmPartnershipsTable;
}

export type CaseRow = Selectable<RmCasesTable>;
