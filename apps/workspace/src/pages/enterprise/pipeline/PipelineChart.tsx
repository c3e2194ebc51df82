import type { Schemas } from '../../../api/client';
import { money } from '../../../ui/format';
import { type Column, Table } from '../../../ui/kit';

type Group = Schemas['PipelineGroup'];

export interface Labelled extends Group {
  // A key of its own for the row: labels of ids the caller may not resolve could repeat.
  id: string;
  label: string;
}

// The currencies of a side's groups, in the order they first appear: amounts are shown per currency, never summed.
export function currencies(groups: Group[]): string[] {
  return [...new Set(groups.flatMap((g) => g.amounts.map((a) => a.currency)))];
}

const amountIn = (g: Group, currency: string) => g.amounts.find((a) => a.currency === currency)?.amountMinor ?? 0;
const width = (value: number, max: number) => `${max > 0 ? Math.max(0, (value / max) * 100) : 0}%`;

// Bars for reading at a glance; the table beside them holds the same numbers for screen readers, so the bars are
// hidden from them.
function Bars({ title, groups, value, text, stale }: { title: string; groups: Labelled[]; value: (g: Group) => number; text: (g: Group) => string; stale?: (g: Group) => number }) {
  const max = Math.max(0, ...groups.map(value));
  return (
    <div className="chart" aria-hidden="true" data-chart={title}>
      <div className="chart-title">{title}</div>
      <div className="bar-chart">
        {groups.map((g) => (
          <div className="bar-row" key={g.id} data-group={g.label}>
            <span className="bar-label">{g.label}</span>
            <span className="bar-track">
              <span className="bar" style={{ width: width(value(g), max) }}>
                {stale && stale(g) > 0 ? <span className="bar bar-stale" style={{ width: width(stale(g), value(g)) }} /> : null}
              </span>
            </span>
            <span className="bar-value">{text(g)}</span>
          </div>
        ))}
      </div>
    </div>
  );
}

export function countText(g: Group): string {
  return g.stale > 0 ? `${g.count} (${g.stale} stale)` : String(g.count);
}

export function PipelineSide({ title, groups, staleAfterDays }: { title: string; groups: Labelled[]; staleAfterDays: number }) {
  const inCurrencies = currencies(groups);
  const columns: Column<Labelled>[] = [
    { key: 'group', label: 'Group', render: (g) => g.label },
    { key: 'count', label: 'Count', numeric: true, render: (g) => g.count },
    { key: 'stale', label: `Stale (no event for ${staleAfterDays} days)`, numeric: true, render: (g) => g.stale },
    ...inCurrencies.map((c) => ({ key: `amount-${c}`, label: `Amount (${c})`, numeric: true, render: (g: Labelled) => money({ amountMinor: amountIn(g, c), currency: c }) })),
  ];
  return (
    <div className="chart-layout">
      <div>
        <Bars title="Count" groups={groups} value={(g) => g.count} text={countText} stale={(g) => g.stale} />
        {inCurrencies.map((c) => (
          <Bars key={c} title={`Amount (${c})`} groups={groups} value={(g) => amountIn(g, c)} text={(g) => money({ amountMinor: amountIn(g, c), currency: c })} />
        ))}
      </div>
      <Table caption={title} columns={columns} rows={groups} rowKey={(g) => g.id} />
    </div>
  );
}
