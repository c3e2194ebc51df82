import { Kysely, Transaction, sql } from 'kysely';
import { StoredEvent } from '@channel-ledger/event-store';
import { PartnershipEvent } from '@channel-ledger/domain';
import { Projection } from '@channel-ledger/projection-runner';
import { ReadDB } from '@channel-ledger/read-store';
import { PartnershipTables } from '../support/support.tables';

type DB = ReadDB & PartnershipTables;

// Which programs each partner is enrolled in, at which tier.
export const partnershipsProjection: Projection = {
  name: 'partnerships',
  version: 1,
  tables: [{ name: 'rm_partnerships', key: ['partner_id', 'program_id'] }],
  async apply(trx: Transaction<ReadDB>, events: StoredEvent[]): Promise<void> {
    const db = trx as unknown as Kysely<DB>;
    for (const stored of events) {
      if (!stored.type.startsWith('Partnership')) continue;
      const event = { type: stored.type, data: stored.data } as PartnershipEvent;
      const at = new Date(stored.metadata.occurredAt);
      const { partnerId, programId } = event.data;
      const values =
        event.type === 'PartnershipStarted'
          ? { tier: event.data.tier, status: 'active', start_date: event.data.startDate }
          : event.type === 'PartnershipTierChanged'
            ? { tier: event.data.to }
            : { status: 'ended' };
      if (event.type === 'PartnershipStarted') {
        await db
          .insertInto('rm_partnerships')
          .values({ partner_id: partnerId, program_id: programId, tier: event.data.tier, status: 'active', start_date: event.data.startDate, updated_at: at, last_position: stored.position })
          .onConflict((oc) => oc.columns(['partner_id', 'program_id']).doUpdateSet({ ...values, updated_at: at, last_position: stored.position }).where('rm_partnerships.last_position', '<', stored.position))
          .execute();
      } else {
        await db
          .updateTable('rm_partnerships')
          .set({ ...values, updated_at: at, last_position: stored.position })
          .where('partner_id', '=', partnerId)
          .where('program_id', '=', programId)
          .where('last_position', '<', stored.position)
          .execute();
      }
    }
  },
  async reset(trx: Transaction<ReadDB>): Promise<void> {
    await sql`truncate rm_partnerships`.execute(trx);
  },
};
