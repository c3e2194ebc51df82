import { useCallback, useState } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import { useApi } from '../../app/use-api';
import { useSession } from '../../app/session';
import { type Column, ErrorMessage, Page, Show, StatusBadge, Table, useCommand } from '../../ui/kit';
import { dateTime } from '../../ui/format';
import { RebuildProgress, isActive, seconds } from './ops/RebuildProgress';

type Row = Schemas['ProjectionRow'];
type Rebuild = Schemas['RebuildView'];

// "Live" when it follows the log, "Rebuilding" while a new copy is built beside it, "Failed" when it stopped on an
// event it could not apply.
function projectionState(row: Row, rebuild: Rebuild | undefined): string {
  if (row.status === 'failed') return 'Failed';
  return isActive(rebuild) ? 'Rebuilding' : 'Live';
}

function RebuildButton({ row, busy, onStarted }: { row: Row; busy: boolean; onStarted: (r: Rebuild) => void }) {
  const start = useCommand(async () => onStarted(await unwrap(api.POST('/v1/ops/projections/{name}/rebuild', { params: { path: { name: row.projection } } }))));
  return (
    <>
      <button type="button" disabled={busy || start.busy} onClick={() => void start.execute()} aria-label={`Rebuild ${row.projection}`}>
        Rebuild
      </button>
      <ErrorMessage error={start.error} />
    </>
  );
}

function lastRebuild(r: Rebuild | null): string {
  if (!r) return 'Never';
  if (r.status === 'done') return `Done ${dateTime(r.finishedAt)}, ${r.eventsDone} events`;
  if (r.status === 'failed') return `Failed ${dateTime(r.finishedAt)}: ${r.error ?? 'no reason given'}`;
  return r.status === 'queued' ? 'Queued' : 'Running';
}

// The read models against the log: how far behind each is, whether it failed, and rebuilding one.
export function OpsPage() {
  const { can } = useSession();
  const list = useApi(() => unwrap(api.GET('/v1/ops/projections')), [], 5_000);
  // Rebuilds this page started or found running, by projection, until they end.
  const [started, setStarted] = useState<Record<string, Rebuild>>({});
  const [ended, setEnded] = useState<Rebuild[]>([]);
  const reload = list.reload;
  const onEnd = useCallback(
    (r: Rebuild) => {
      setStarted((s) => {
        const { [r.projection]: _gone, ...rest } = s;
        return rest;
      });
      setEnded((e) => [r, ...e.filter((x) => x.id !== r.id && x.projection !== r.projection)].slice(0, 5));
      reload();
    },
    [reload],
  );
  const rows = list.data?.items ?? [];
  const endedIds = new Set(ended.map((r) => r.id));
  const active = new Map<string, Rebuild>();
  for (const row of rows) if (isActive(row.rebuild) && !endedIds.has(row.rebuild!.id)) active.set(row.projection, row.rebuild!);
  for (const [name, r] of Object.entries(started)) active.set(name, r);
  const mayRebuild = can('rebuildProjection');

  const columns: Column<Row>[] = [
    { key: 'name', label: 'Projection', render: (r) => <><strong>{r.projection}</strong> <span className="muted">v{r.version}</span></> },
    { key: 'status', label: 'Status', render: (r) => <StatusBadge status={projectionState(r, active.get(r.projection))} /> },
    { key: 'lagEvents', label: 'Lag (events)', numeric: true, render: (r) => `${r.lagCapped ? '≥ ' : ''}${r.lagEvents}` },
    { key: 'lagSeconds', label: 'Lag (seconds)', numeric: true, render: (r) => (r.lagSeconds > 0 ? `${r.lagSeconds} s` : '0 s') },
    { key: 'applied', label: 'Events applied', numeric: true, render: (r) => r.eventsApplied },
    { key: 'failure', label: 'Failure', render: (r) => (r.error ? <span className="field-error">{r.error}</span> : <span className="muted">None</span>) },
    {
      key: 'deadLetters',
      label: 'Dead letters',
      render: (r) =>
        r.lastDeadLetter ? (
          <span>
            <strong>{r.deadLetters}</strong>, last: {r.lastDeadLetter.eventType} at {r.lastDeadLetter.position} ({dateTime(r.lastDeadLetter.failedAt)}): {r.lastDeadLetter.error}
          </span>
        ) : (
          <span className="muted">None</span>
        ),
    },
    { key: 'rebuild', label: 'Last rebuild', render: (r) => lastRebuild(r.rebuild) },
    { key: 'updated', label: 'Updated', render: (r) => dateTime(r.updatedAt) },
  ];
  if (mayRebuild) {
    columns.push({
      key: 'action',
      label: 'Action',
      render: (r) =>
        r.rebuildable ? (
          <RebuildButton row={r} busy={active.has(r.projection)} onStarted={(rebuild) => setStarted((s) => ({ ...s, [rebuild.projection]: rebuild }))} />
        ) : (
          <span className="muted">Not rebuilt: an outbox, a rebuild would send everything again</span>
        ),
    });
  }

  return (
    <Page title="Ops">
      <p>The read models the API answers from, against the event log. A rebuild makes a new copy beside the live one and switches readers to it once it has caught up.</p>
      {active.size > 0 ? (
        <section className="panel" aria-labelledby="rebuilds-title">
          <h2 id="rebuilds-title">Rebuilds under way</h2>
          {[...active.values()].map((r) => (
            <RebuildProgress key={r.id} start={r} onEnd={onEnd} />
          ))}
        </section>
      ) : null}
      {ended.length > 0 ? (
        <div className="notice" role="status">
          {ended.map((r) => (
            <p key={r.id}>
              {r.status === 'done'
                ? `Rebuild of ${r.projection} done: ${r.eventsDone} events${r.startedAt && r.finishedAt ? ` in ${seconds((Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000)}` : ''}; the projection is live again.`
                : `Rebuild of ${r.projection} failed: ${r.error ?? 'no reason given'}.`}
            </p>
          ))}
        </div>
      ) : null}
      <Show loaded={list} empty={(l) => (l.items.length === 0 ? 'No projection is registered.' : undefined)}>
        {(l) => <Table caption="Projections" columns={columns} rows={l.items} rowKey={(r) => r.projection} />}
      </Show>
      <p className="muted">A projection that cannot apply an event records it as a dead letter, stops and shows as failed, with the reason; the others go on.</p>
    </Page>
  );
}
