import { Selectable } from 'kysely';

// One row per registration and per opportunity, open or not: what the record adds to its group while open, kept so
// that a later event can take it out of the group it was counted in. A converted registration stays, as the
// program of the opportunity made from it.
export interface PipelineItemsTable {
  side: 'registration' | 'opportunity';
  record_id: string;
  group_key: string;
  open: boolean;
  // A registration's partner; an opportunity's channel partner (null: direct).
  channel_partner_id: string | null;
  // A registration's program; an opportunity's, through its registration (null: none).
  program_id: string | null;
  // A registration's state; an opportunity's stage.
  stage: string;
  // partner_sourced or partner_influenced for a registration (from its type); an opportunity's source.
  source: string;
  currency: string;
  amount_minor: string;
  // The channel partner and every line partner (a registration: its partner).
  party_ids: string[];
  // Each line's partner (its own, else the channel partner) and amount, in line order (an opportunity's only).
  line_partner_ids: (string | null)[];
  line_amounts: string[];
  updated_at: Date;
  last_position: string;
}

// The open records added up by everything a pipeline answer groups or scopes by: side, channel partner, program,
// stage, source, currency and the set of parties. Records of one group share their parties, so whether the caller
// sees a group and which of its lines are the caller's are functions of the group row alone. Groups that empty go
// away.
export interface PipelineGroupsTable {
  group_key: string;
  side: 'registration' | 'opportunity';
  channel_partner_id: string | null;
  program_id: string | null;
  stage: string;
  source: string;
  currency: string;
  party_ids: string[];
  count: number;
  amount_minor: string;
  // Per partner, the sum of its lines' amounts over the group's records (as strings: bigint sums), zeros left out.
  line_amounts: Record<string, string>;
}

// A type, not an interface: a transaction takes it on with withTables.
export type PipelineTables = {
  pipeline_items: PipelineItemsTable;
  pipeline_groups: PipelineGroupsTable;
};

export type PipelineItemRow = Selectable<PipelineItemsTable>;
export type PipelineGroupRow = Selectable<PipelineGroupsTable>;
