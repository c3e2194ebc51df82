// GET /v1/pipeline (libs/application/src/pipeline/queries/get-pipeline.ts).
export interface PipelineGroup {
  /** The group's stage, partner id, program id, tier or source; `other_partner` for a partner the caller may not see, null when the record has none. */
  key: string | null;
  count: number;
  /** Of count, those without an event for staleAfterDays. */
  stale: number;
  /** Per currency, never summed across currencies. */
  amounts: { currency: string; amountMinor: number }[];
}

export interface Pipeline {
  groupBy: 'stage' | 'partner' | 'program' | 'tier' | 'source';
  staleAfterDays: number;
  registrations: PipelineGroup[];
  opportunities: PipelineGroup[];
}
