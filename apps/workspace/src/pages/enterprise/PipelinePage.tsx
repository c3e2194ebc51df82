import { useState } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import { useSession } from '../../app/session';
import { useApi } from '../../app/use-api';
import { Field, Page, Show } from '../../ui/kit';
import { words } from './partner360/words';
import { type Labelled, PipelineSide } from './pipeline/PipelineChart';

type GroupBy = Schemas['Pipeline']['groupBy'];
const GROUPINGS: { id: GroupBy; label: string }[] = [
  { id: 'stage', label: 'Stage' },
  { id: 'source', label: 'Source' },
  { id: 'partner', label: 'Partner' },
  { id: 'program', label: 'Program' },
  { id: 'tier', label: 'Tier' },
];

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Partner and program keys are ids: they are named by reading the records the caller may read.
function useNames(groupBy: GroupBy, keys: (string | null)[]): Map<string, string> {
  const { can } = useSession();
  const ids = keys.filter((k): k is string => !!k && ID.test(k)).sort();
  const kind = groupBy === 'partner' && can('getPartner') ? 'partner' : groupBy === 'program' && can('getProgram') ? 'program' : undefined;
  const names = useApi(
    () =>
      Promise.all(
        ids.map(async (id) => {
          if (kind === 'partner') return [id, (await unwrap(api.GET('/v1/partners/{partnerId}', { params: { path: { partnerId: id } } }))).profile.name] as const;
          if (kind === 'program') return [id, (await unwrap(api.GET('/v1/programs/{programId}', { params: { path: { programId: id } } }))).name] as const;
          return undefined;
        }),
      ).then((pairs) => pairs.filter((p): p is readonly [string, string] => !!p)),
    [kind, ids.join(',')],
  );
  return new Map(names.data ?? []);
}

function label(key: string | null, groupBy: GroupBy, names: Map<string, string>): string {
  if (key === null) return groupBy === 'partner' ? 'No partner (direct)' : 'None';
  if (key === 'other_partner') return 'Partners you may not see';
  return names.get(key) ?? (groupBy === 'partner' || groupBy === 'program' ? key : words(key));
}

export function PipelinePage() {
  const [groupBy, setGroupBy] = useState<GroupBy>('stage');
  const pipeline = useApi(() => unwrap(api.GET('/v1/pipeline', { params: { query: { groupBy } } })), [groupBy]);
  // Only the answer for the grouping asked for: while another one loads, the old keys are not named the new way.
  const current = pipeline.data?.groupBy === groupBy ? pipeline.data : undefined;
  const names = useNames(groupBy, current ? [...current.registrations, ...current.opportunities].map((g) => g.key) : []);
  const labelled = (groups: Schemas['PipelineGroup'][]): Labelled[] => groups.map((g) => ({ ...g, id: g.key ?? '(none)', label: label(g.key, groupBy, names) }));
  return (
    <Page title="Pipeline">
      <div className="filters">
        <Field label="Group by">
          {(props) => (
            <select {...props} value={groupBy} onChange={(e) => setGroupBy(e.target.value as GroupBy)}>
              {GROUPINGS.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Show loaded={pipeline}>
        {(p) => (
          <>
            <p className="notice">
              Open deal registrations and opportunities. Striped bars and the stale column count those without an event for {p.staleAfterDays} days.
            </p>
            <section aria-labelledby="pipeline-registrations">
              <h2 id="pipeline-registrations">Deal registrations</h2>
              {p.registrations.length === 0 ? <p className="empty">No open deal registrations.</p> : <PipelineSide title="Deal registrations by group" groups={labelled(p.registrations)} staleAfterDays={p.staleAfterDays} />}
            </section>
            <section aria-labelledby="pipeline-opportunities">
              <h2 id="pipeline-opportunities">Opportunities</h2>
              {p.opportunities.length === 0 ? <p className="empty">No open opportunities.</p> : <PipelineSide title="Opportunities by group" groups={labelled(p.opportunities)} staleAfterDays={p.staleAfterDays} />}
            </section>
          </>
        )}
      </Show>
    </Page>
  );
}
