import { Selectable } from 'kysely';
import { RegistrationStatus, RegistrationType } from '@channel-ledger/domain';

// How a registration was decided; it stays after later states (converted, expired).
export type RegistrationDecision = 'approved' | 'rejected';

export interface RmRegistrationsTable {
  registration_id: string;
  partner_id: string;
  program_id: string;
  submitted_by: string;
  registration_type: RegistrationType;
  customer_company: string;
  customer_domain: string | null;
  contact_email: string;
  amount_minor: string;
  currency: string;
  expected_close_date: string;
  status: RegistrationStatus;
  conflict_count: number;
  created_at: Date;
  submitted_at: Date | null;
  decided_at: Date | null;
  protected_until: Date | null;
  updated_at: Date;
  last_position: string;
  decision: RegistrationDecision | null;
  opportunity_id: string | null;
}

export interface RegistrationTables {
  rm_registrations: RmRegistrationsTable;
}

export type RegistrationRow = Selectable<RmRegistrationsTable>;
