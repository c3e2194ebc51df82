import { useEffect, useId } from 'react';
import { api, unwrap, type Schemas } from '../../../api/client';
import { useApi } from '../../../app/use-api';
import { ErrorMessage } from '../../../ui/kit';
import { duration } from '../../../ui/format';

type Rebuild = Schemas['RebuildView'];

export const isActive = (r: Pick<Rebuild, 'status'> | null | undefined) => r?.status === 'queued' || r?.status === 'running';

// Seconds under a minute read as seconds; longer ones as the app's durations.
export const seconds = (s: number) => (s < 60 ? `${Math.max(0, Math.round(s))} s` : duration(s * 1000));

function progressWords(r: Rebuild): string {
  if (r.status === 'queued') return 'Queued: waiting for a runner.';
  const done = r.eventsTotal === null ? `${r.eventsDone} events done` : `${r.eventsDone} of ${r.eventsTotal} events`;
  const percent = r.percent === null ? '' : ` (${r.percent}%)`;
  const rate = r.eventsPerSecond === null ? '' : `, ${r.eventsPerSecond} events/s`;
  const eta = r.etaSeconds === null ? '' : `, about ${seconds(r.etaSeconds)} left`;
  const phase = r.phase === 'switching' ? ' Switching readers to the new copy.' : '';
  return `${done}${percent}${rate}${eta}.${phase}`;
}

// One rebuild's progress, read every half second until it has switched (or failed); then `onEnd` with how it ended.
export function RebuildProgress({ start, onEnd }: { start: Rebuild; onEnd: (rebuild: Rebuild) => void }) {
  const labelId = useId();
  const polled = useApi(() => unwrap(api.GET('/v1/ops/projections/rebuilds/{id}', { params: { path: { id: start.id } } })), [start.id], 500);
  const r = polled.data ?? start;
  useEffect(() => {
    if (polled.data && !isActive(polled.data)) onEnd(polled.data);
  }, [polled.data, onEnd]);
  const value = r.status === 'queued' ? undefined : r.eventsDone;
  return (
    <div className="rebuild-progress">
      <div id={labelId}>
        Rebuilding <strong>{r.projection}</strong>: {progressWords(r)}
      </div>
      <progress className="progress" aria-labelledby={labelId} max={r.eventsTotal ?? undefined} value={r.eventsTotal === null ? undefined : value} />
      <ErrorMessage error={polled.error} />
    </div>
  );
}
