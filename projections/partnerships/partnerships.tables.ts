import { Selectable } from 'kysely';
import { PartnershipStatus, Tier } from '@channel-ledger/domain';

export interface RmPartnershipsTable {
  partner_id: string;
  program_id: string;
  tier: Tier;
  status: PartnershipStatus;
  start_date: string;
  updated_at: Date;
  last_position: string;
}

export interface PartnershipTables {
  rm_partnerships: RmPartnershipsTable;
}

export type PartnershipRow = Selectable<RmPartnershipsTable>;
