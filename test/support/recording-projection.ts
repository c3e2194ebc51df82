import { sql, Kysely } from 'kysely';
import { Projection } from '@channel-ledger/projection-runner';

// A projection for testing the runner: one row per event applied, with the instance that applied it. Without a
// unique key, so an event applied twice would show as two rows.
export const RECORDING_TABLE = sql`
  create table if not exists recorded_events (
    event_id uuid not null,
    stream_id text not null,
    position text not null,
    instance text not null,
    -- For diagnosis: which transaction wrote the row, and when.
    tx text not null default pg_current_xact_id()::text,
    written_at timestamptz not null default clock_timestamp()
  )`;

export function recordingProjection(name: string, instance: string, options: { slowMs?: number; poisonType?: string } = {}): Projection {
  return {
    name,
    version: 1,
    async apply(trx, events) {
      for (const event of events) {
        if (event.type === options.poisonType) throw new Error(`cannot project ${event.type}`);
        await sql`insert into recorded_events (event_id, stream_id, position, instance) values (${event.id}, ${`${name}:${event.streamId}`}, ${event.position}, ${instance})`.execute(trx);
      }
      if (options.slowMs) await sql`select pg_sleep(${options.slowMs / 1000})`.execute(trx);
    },
  };
}

// Events recorded more than once, with the transactions that wrote them: what a failure message should show.
export async function duplicates<DB>(db: Kysely<DB>, name: string) {
  const { rows } = await sql<{ event_id: string; position: string; writes: string }>`
    select event_id, position, string_agg(instance || ' tx ' || tx || ' at ' || written_at::text, '; ' order by written_at) as writes
    from recorded_events where stream_id like ${`${name}:%`} group by event_id, position having count(*) > 1 order by position`.execute(db);
  return rows;
}

export async function recorded<DB>(db: Kysely<DB>, name: string) {
  const { rows } = await sql<{ event_id: string; instance: string; position: string }>`
    select event_id, instance, position from recorded_events where stream_id like ${`${name}:%`} order by position`.execute(db);
  return rows;
}
