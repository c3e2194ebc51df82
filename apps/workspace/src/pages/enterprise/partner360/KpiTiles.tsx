import { useId } from 'react';
import type { Schemas } from '../../../api/client';
import { duration, money, percent } from '../../../ui/format';
import { words } from './words';

type Kpis = Schemas['Partner360']['kpis'];

// A KPI tile named by its label, so a reader (and a test) finds "Open cases" by name.
function Kpi({ label, value, detail }: { label: string; value: string; detail?: string }) {
  const id = useId();
  return (
    <div className="tile" role="group" aria-labelledby={id}>
      <div className="tile-label" id={id}>
        {label}
      </div>
      <div className="tile-value">{value}</div>
      {detail ? <div className="tile-hint">{detail}</div> : null}
    </div>
  );
}

// "3", with "1 Draft, 2 Submitted" under it: the counts by state in the API's order.
function byState(counts: Record<string, number>): { total: string; detail: string } {
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  return { total: String(total), detail: entries.length ? entries.map(([state, n]) => `${n} ${words(state)}`).join(', ') : 'None yet' };
}

const hours = (value: number | null) => (value === null ? '—' : duration(value * 3_600_000));

export function KpiTiles({ kpis }: { kpis: Kpis }) {
  const registrations = byState(kpis.registrationsByState);
  const orders = byState(kpis.ordersByState);
  return (
    <section aria-labelledby="kpi-title">
      <h2 id="kpi-title">Key figures</h2>
      {kpis.inactive ? <p className="warning">No deal registration for 90 days: this partner is inactive.</p> : null}
      <div className="tiles">
        <Kpi label="Registrations" value={registrations.total} detail={registrations.detail} />
        <Kpi label="Orders" value={orders.total} detail={orders.detail} />
        <Kpi label="Open cases" value={String(kpis.openCases)} />
        <Kpi label="SLAs breached" value={String(kpis.slasBreached)} />
        <Kpi label="Approval rate" value={percent(kpis.approvalRate)} detail={kpis.approvalRate === null ? 'No decision yet' : 'Approved of decided'} />
        <Kpi label="Median time to decision" value={hours(kpis.medianHoursToDecision)} />
        <Kpi label="Conflict rate" value={percent(kpis.conflictRate)} />
        <Kpi label="Win rate" value={percent(kpis.winRate)} />
        <Kpi label="Median days to close" value={kpis.medianDaysRegistrationToClose === null ? '—' : `${kpis.medianDaysRegistrationToClose} d`} />
      </div>
      <h3>Revenue by currency</h3>
      {kpis.revenue.length === 0 ? (
        <p className="empty">No sourced or influenced revenue yet.</p>
      ) : (
        <div className="tiles">
          {kpis.revenue.flatMap((r) => [
            <Kpi key={`${r.currency}-sourced`} label={`Sourced revenue (${r.currency})`} value={money({ amountMinor: r.sourcedMinor, currency: r.currency })} />,
            <Kpi key={`${r.currency}-influenced`} label={`Influenced revenue (${r.currency})`} value={money({ amountMinor: r.influencedMinor, currency: r.currency })} />,
            <Kpi key={`${r.currency}-average`} label={`Average deal size (${r.currency})`} value={money({ amountMinor: r.averageDealSizeMinor, currency: r.currency })} />,
          ])}
        </div>
      )}
    </section>
  );
}
