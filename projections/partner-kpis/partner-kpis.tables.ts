import { ColumnType, JSONColumnType, Selectable } from 'kysely';

// What each record of a partner contributes to its figures, one row per registration, opportunity, order and
// case: the state it is in and the times the medians are taken from. The projection needs it to move a record's
// contribution when its state changes (an approved registration leaves "decided: 0" for "decided: 1").
export type KpiRecordKind = 'registration' | 'opportunity' | 'order' | 'case';

export interface RmPartnerKpiRecordsTable {
  record_id: string;
  kind: KpiRecordKind;
  // The registration's or case's partner, the opportunity's or order's channel partner (null: a direct deal).
  partner_id: string | null;
  // The registration's or order's status, the opportunity's stage, the case's status.
  status: string;
  // Cases on hold: the status a resumption returns to.
  status_before_hold: string | null;
  // Registrations: 'approved' or 'rejected' once decided; whether a conflict was ever detected.
  decision: 'approved' | 'rejected' | null;
  conflicted: boolean;
  created_at: Date;
  submitted_at: Date | null;
  decided_at: Date | null;
  // Opportunities: the registration they came from (its partner and when it was drafted), the close.
  registration_partner_id: string | null;
  registration_created_at: Date | null;
  closed_at: Date | null;
  source: string | null;
  currency: string | null;
  won_amount_minor: ColumnType<string | null, string | null, string | null>;
  // Whose each line is (its own partner, else the channel partner): who may read the whole deal's figures.
  line_partner_ids: string[];
  updated_at: Date;
  last_position: string;
}

// Won revenue of one currency: what partner-sourced and partner-influenced deals brought, and how many deals.
// Amounts are whole minor units as decimal strings: a partner's sum may pass what a JSON number holds exactly.
export interface CurrencyRevenue {
  sourcedMinor: string;
  influencedMinor: string;
  wonCount: number;
  wonTotalMinor: string;
}

// One row per partner: the counters and sums the Partner 360 tiles show. Rates are ratios of these counters;
// medians come from the record rows; SLA breaches are counted at read time from the cases' due times.
export interface RmPartnerKpisTable {
  partner_id: string;
  registrations_by_state: JSONColumnType<Record<string, number>>;
  registrations_submitted: number;
  registrations_decided: number;
  registrations_approved: number;
  registrations_conflicted: number;
  opportunities_won: number;
  opportunities_closed: number;
  // Won deals with a line of another partner than the channel partner: a partner reading them may not see the
  // whole deal, so its revenue figures are summed from the record rows it may see.
  won_with_other_partners_lines: number;
  revenue: JSONColumnType<Record<string, CurrencyRevenue>>;
  orders_by_state: JSONColumnType<Record<string, number>>;
  open_cases: number;
  last_registration_at: Date | null;
  // The latest change of any of the partner's registrations, opportunities, orders and cases.
  last_record_activity_at: Date | null;
  last_position: string;
}

export type PartnerKpiTables = {
  rm_partner_kpi_records: RmPartnerKpiRecordsTable;
  rm_partner_kpis: RmPartnerKpisTable;
};

export type PartnerKpiRecord = Selectable<RmPartnerKpiRecordsTable>;
export type PartnerKpis = Selectable<RmPartnerKpisTable>;
