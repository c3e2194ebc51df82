import { Selectable } from 'kysely';

export interface RmDealApprovalHistoryTable {
  position: string;
  registration_id: string;
  partner_id: string;
  event_type: string;
  from_status: string | null;
  to_status: string;
  actor_id: string | null;
  actor_role: string | null;
  reason: string | null;
  conflicts: unknown;
  at: Date;
}

export interface ApprovalHistoryTables {
  rm_deal_approval_history: RmDealApprovalHistoryTable;
}

export type ApprovalHistoryRow = Selectable<RmDealApprovalHistoryTable>;
