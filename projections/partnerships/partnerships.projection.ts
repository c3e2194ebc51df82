import { StoredEvent } from '@channel-ledger/event-store';
import { PartnershipEvent } from '@channel-ledger/domain';
import { defineRowProjection } from '@channel-ledger/projection-runner';
import { PartnershipRow, PartnershipTables } from './partnerships.tables';

// A partnership's row after one event: a start (or a start again after it ended) sets the enrolment, a tier change
// and an end change a partnership this model has seen start.
function evolve(row: PartnershipRow | undefined, stored: StoredEvent): PartnershipRow | undefined {
  const event = { type: stored.type, data: stored.data } as PartnershipEvent;
  const touched = { updated_at: new Date(stored.metadata.occurredAt), last_position: stored.position };
  switch (event.type) {
    case 'PartnershipStarted': {
      const { partnerId, programId, tier, startDate } = event.data;
      return { partner_id: partnerId, program_id: programId, ...row, tier, status: 'active', start_date: startDate, ...touched };
    }
    case 'PartnershipTierChanged':
      return row && { ...row, tier: event.data.to, ...touched };
    case 'PartnershipEnded':
      return row && { ...row, status: 'ended', ...touched };
    default:
      return row;
  }
}

// Which programs each partner is enrolled in, at which tier.
export const partnershipsProjection = defineRowProjection<PartnershipTables>({
  name: 'partnerships',
  version: 1,
  tables: {
    rm_partnerships: {
      key: ['partner_id', 'program_id'],
      filter: (e) => e.type.startsWith('Partnership'),
      keys: (e) => {
        const { partnerId, programId } = e.data as { partnerId: string; programId: string };
        return [[partnerId, programId]];
      },
      evolve,
    },
  },
});
