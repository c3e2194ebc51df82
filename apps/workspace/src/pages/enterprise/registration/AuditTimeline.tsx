import { useState } from 'react';
import { api, unwrap, type Schemas } from '../../../api/client';
import { useApi } from '../../../app/use-api';
import { useSession } from '../../../app/session';
import { type Column, Empty, ErrorMessage, Field, Loading, Show, StatusBadge, Table } from '../../../ui/kit';
import { dateTime, shortId } from '../../../ui/format';
import { eventWords, statusWords } from './lookups';

type Entry = Schemas['ApprovalHistoryEntry'];
type AuditEntry = Schemas['AuditEntry'];
type WellFormed = Schemas['WellFormedAuditEntry'];

const wellFormed = (e: AuditEntry): e is WellFormed => !('malformed' in e);

// Who acted, in words: a partner's staff member by name (the log keeps their member id), anyone else by their id,
// with the role they acted in.
export type People = Map<string, string>;
function who(actor: { userId: string; role: string | null } | null, people: People): string {
  if (!actor) return 'the system';
  const name = people.get(actor.userId) ?? actor.userId;
  return actor.role ? `${name} (${actor.role.replace(/_/g, ' ')})` : name;
}

// A moment to the second: steps a few seconds apart read apart.
const exact = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
};

// Every change of state: who (with the role they acted in), when, from which state to which, and why.
function ApprovalSteps({ history, people }: { history: Entry[]; people: People }) {
  if (history.length === 0) return <Empty>No step recorded yet.</Empty>;
  return (
    <ol className="timeline" aria-label="Approval history">
      {history.map((e) => (
        <li key={e.position}>
          <strong>{eventWords(e.eventType)}</strong>
          {e.from || e.to ? (
            <span>
              {' '}
              ({statusWords(e.from)} → {statusWords(e.to)})
            </span>
          ) : null}
          <div>
            by {who(e.actor, people)}, <time dateTime={e.at}>{exact(e.at)}</time>
          </div>
          {e.reason ? <div>Reason: {e.reason}</div> : null}
          {e.conflicts?.length ? <div>Conflicts with {e.conflicts.map((c) => shortId(c.registrationId)).join(', ')}</div> : null}
        </li>
      ))}
    </ol>
  );
}

const eventColumns = (people: People): Column<AuditEntry>[] => [
  { key: 'rev', label: '#', numeric: true, render: (e) => (wellFormed(e) ? e.revision : '?') },
  { key: 'type', label: 'Event', render: (e) => (wellFormed(e) ? e.type : `Unreadable: ${e.malformed}`) },
  { key: 'actor', label: 'Actor', render: (e) => (wellFormed(e) ? who(e.actor, people) : '—') },
  { key: 'correlation', label: 'Correlation id', render: (e) => (wellFormed(e) && e.correlationId ? <code>{e.correlationId}</code> : '—') },
  { key: 'at', label: 'Recorded', render: (e) => (wellFormed(e) ? <time dateTime={e.recordedAt}>{exact(e.recordedAt)}</time> : '—') },
];

// Whether the record's keyed hash chain holds, in words.
export function ChainVerification({ verification: v }: { verification: Schemas['Verification'] }) {
  if (v.ok) {
    return (
      <p className="notice" role="status">
        Hash chain verified: it holds over all {v.events} {v.events === 1 ? 'event' : 'events'}.
      </p>
    );
  }
  return (
    <div className="error" role="status">
      <p>
        Hash chain broken at event {v.revision}
        {v.eventId ? ` (${shortId(v.eventId)})` : ''} of {v.events}: {v.reason}
        {v.unkeyed ? ' (the chain is not keyed)' : ''}
      </p>
    </div>
  );
}

// The record as it stood at one moment: a slider over the times of its events, or any time typed in.
function AsOf({ registrationId, events }: { registrationId: string; events: WellFormed[] }) {
  // Unset: the latest event, also after a command adds one.
  const [picked, setPicked] = useState<number | undefined>();
  const [typed, setTyped] = useState('');
  const [at, setAt] = useState<string | undefined>();
  const index = picked === undefined ? events.length - 1 : Math.min(picked, events.length - 1);
  const chosen = at ?? events[index]?.recordedAt;
  const asOf = useApi(
    () => (chosen ? unwrap(api.GET('/v1/{resource}/{id}/as-of', { params: { path: { resource: 'deal-registrations', id: registrationId }, query: { at: chosen } } })) : Promise.resolve(undefined)),
    [registrationId, chosen],
  );
  if (events.length === 0) return <Empty>No event to go back to.</Empty>;
  const state = asOf.data?.state as Record<string, unknown> | null | undefined;
  const text = (key: string) => (typeof state?.[key] === 'string' ? (state[key] as string) : undefined);
  return (
    <div className="as-of">
      <Field label="Event" hint={at ? 'A time typed below is shown; move the slider to go back to an event.' : `Event ${index + 1} of ${events.length}: ${events[index].type}`}>
        {(props) => (
          <input
            {...props}
            type="range"
            min={0}
            max={events.length - 1}
            step={1}
            value={index}
            aria-valuetext={`Event ${index + 1}, ${events[index].type}`}
            onChange={(e) => {
              setPicked(Number(e.target.value));
              setAt(undefined);
            }}
          />
        )}
      </Field>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          const time = new Date(typed);
          if (!Number.isNaN(time.getTime())) setAt(time.toISOString());
        }}
      >
        <Field label="Or a time">
          {(props) => <input {...props} type="datetime-local" step={1} value={typed} onChange={(e) => setTyped(e.target.value)} />}
        </Field>
        <div className="field">
          <button type="submit" disabled={!typed}>
            Show as of then
          </button>
        </div>
      </form>
      <ErrorMessage error={asOf.error} />
      {asOf.data ? (
        <section aria-labelledby="as-of-title" aria-live="polite">
          <h4 id="as-of-title">
            As of <time dateTime={asOf.data.at}>{exact(asOf.data.at)}</time>
          </h4>
          {state ? (
            <dl className="meta">
              <div>
                <dt>Status then</dt>
                <dd>{text('status') ? <StatusBadge status={text('status')!} /> : '—'}</dd>
              </div>
              <div>
                <dt>Events up to then</dt>
                <dd>{asOf.data.version}</dd>
              </div>
              <div>
                <dt>Last event</dt>
                <dd>{asOf.data.lastEventAt ? exact(asOf.data.lastEventAt) : '—'}</dd>
              </div>
              <div>
                <dt>Protected until</dt>
                <dd>{text('protectedUntil') ? dateTime(text('protectedUntil')) : 'Not protected'}</dd>
              </div>
              <div>
                <dt>Conflicts</dt>
                <dd>{Array.isArray(state.conflicts) ? state.conflicts.length : '—'}</dd>
              </div>
            </dl>
          ) : (
            <p>{asOf.data.unreadable ? `The record cannot be rebuilt at that time: ${asOf.data.unreadable.reason}` : 'The record did not exist yet.'}</p>
          )}
        </section>
      ) : asOf.loading ? (
        <Loading what="Rebuilding the record" />
      ) : null}
    </div>
  );
}

function EventLog({ registrationId, people }: { registrationId: string; people: People }) {
  const { can } = useSession();
  const history = useApi(async () => {
    const answer = await unwrap(api.GET('/v1/{resource}/{id}/history', { params: { path: { resource: 'deal-registrations', id: registrationId }, query: { format: 'json' } } }));
    // Asked for JSON; the export formats (text) are for downloads.
    if (typeof answer === 'string') throw new Error('The history came back as text, not JSON.');
    return answer;
  }, [registrationId]);
  return (
    <Show loaded={history}>
      {(h) => {
        const events = h.events.filter(wellFormed);
        return (
          <>
            <ChainVerification verification={h.verification} />
            <h3>Every event in the log</h3>
            <Table caption="Events of the registration" columns={eventColumns(people)} rows={h.events} rowKey={(e) => (wellFormed(e) ? e.eventId : JSON.stringify(e.eventId))} />
            {can('getRecordAsOf') ? (
              <>
                <h3>The record as it stood</h3>
                <AsOf registrationId={registrationId} events={events} />
              </>
            ) : null}
          </>
        );
      }}
    </Show>
  );
}

// The audit trail: the approval steps from the read model, the events from the log with the chain's verification,
// and the record at any earlier moment.
export function AuditTimeline({ registrationId, people }: { registrationId: string; people: People }) {
  const { can } = useSession();
  const steps = useApi(() => unwrap(api.GET('/v1/deal-registrations/{registrationId}/approval-history', { params: { path: { registrationId } } })), [registrationId]);
  return (
    <section className="panel" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Audit timeline</h2>
      <h3>Approval history</h3>
      <Show loaded={steps}>{(h) => <ApprovalSteps history={h} people={people} />}</Show>
      {can('getRecordHistory') ? <EventLog registrationId={registrationId} people={people} /> : null}
    </section>
  );
}
