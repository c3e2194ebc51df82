import { Selectable } from 'kysely';

export interface RmRegistrationsTable {
  registration_id: string;
  partner_id: string;
  program_id: string;
  submitted_by: string;
  registration_type: string;
  customer_company: string;
  customer_domain: string | null;
  contact_email: string;
  amount_minor: string;
  currency: string;
  expected_close_date: string;
  status: string;
  conflict_count: number;
  created_at: Date;
  submitted_at: Date | null;
  decided_at: Date | null;
  protected_until: Date | null;
  updated_at: Date;
  last_position: string;
  // 'approved' or 'rejected' once decided; stays after later states (converted, expired).
  decision: string | null;
  opportunity_id: string | null;
}

export interface RegistrationTables {
  rm_registrations: RmRegistrationsTable;
}

export type RegistrationRow = Selectable<RmRegistrationsTable>;
