import type { ProjectionStatus, RebuildView } from '@channel-ledger/projection-runner';

export type Rebuild = RebuildView;

export interface ProjectionRow extends Omit<ProjectionStatus, 'updatedAt'> {
  updatedAt: string;
  /** Whether a rebuild may be asked for: not for a projection that keeps no read model (the webhooks outbox). */
  rebuildable: boolean;
  rebuild: Rebuild | null;
}

export interface ProjectionList {
  items: ProjectionRow[];
}

// 202 to POST /v1/ops/projections/:name/rebuild: the rebuild, where it runs, and where to follow it.
export type RebuildStarted = Rebuild & { mode: 'bullmq' | 'in-process'; links: { self: string } };
