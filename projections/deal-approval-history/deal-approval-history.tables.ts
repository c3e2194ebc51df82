import { JSONColumnType, Selectable } from 'kysely';
import { ConflictMatch, RegistrationEvent, RegistrationStatus } from '@channel-ledger/domain';

export interface RmDealApprovalHistoryTable {
  position: string;
  registration_id: string;
  partner_id: string;
  event_type: RegistrationEvent['type'];
  from_status: RegistrationStatus | null;
  to_status: RegistrationStatus;
  actor_id: string | null;
  actor_role: string | null;
  reason: string | null;
  // The earlier claims a conflict was recorded against; null on every other change.
  conflicts: JSONColumnType<ConflictMatch[] | null, string | null, string | null>;
  at: Date;
}

export type ApprovalHistoryTables = {
  rm_deal_approval_history: RmDealApprovalHistoryTable;
};

export type ApprovalHistoryRow = Selectable<RmDealApprovalHistoryTable>;
