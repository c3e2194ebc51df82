import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Actor } from '@channel-ledger/auth';
import { NotFound } from '@channel-ledger/domain';
import { CLOCK, Clock } from '@channel-ledger/platform';
import { Partner360ReadRepository } from '../partner-360.read-repository';

const DAY = 86_400_000;
const INACTIVE_AFTER_DAYS = 90;

// Partner 360: one partner's profile, KPI tiles and tabs. The tiles come from the partner's row of the
// partner_kpis read model; the figures follow the KPI definitions in docs/ARCHITECTURE.md, and money is per
// currency, never summed across currencies.
export class GetPartner360 extends Query<Record<string, unknown>> {
  constructor(
    readonly partnerId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

const ratio = (n: number, of: number) => (of === 0 ? null : n / of);
const stamp = (value: string | Date | null | undefined) => (value === null || value === undefined ? null : new Date(value));

@QueryHandler(GetPartner360)
export class GetPartner360Handler implements IQueryHandler<GetPartner360> {
  constructor(
    private readonly partners: Partner360ReadRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ partnerId, actor }: GetPartner360): Promise<Record<string, unknown>> {
    const now = this.clock.now();
    const row = await this.partners.find(partnerId, actor, now);
    if (!row) throw new NotFound('partner_not_found', 'partner not found');
    const k = row.kpis;
    const activity = [row.updated_at, stamp(k?.last_record_activity_at)].filter((d): d is Date => d !== null);
    const lastRegistrationAt = stamp(k?.last_registration_at);
    return {
      profile: {
        partnerId: row.partner_id,
        name: row.name,
        partnerType: row.partner_type,
        tier: row.tier,
        webDomain: row.web_domain,
        country: row.country,
        industry: row.industry,
        registeredAt: row.registered_at.toISOString(),
      },
      parent: row.parent,
      pointOfContact: row.point_of_contact,
      kpis: {
        registrationsByState: k?.registrations_by_state ?? {},
        ordersByState: k?.orders_by_state ?? {},
        openCases: k?.open_cases ?? 0,
        slasBreached: Number(row.breached_cases),
        approvalRate: ratio(k?.registrations_approved ?? 0, k?.registrations_decided ?? 0),
        medianHoursToDecision: row.median_hours === null ? null : Number(row.median_hours),
        conflictRate: ratio(k?.registrations_conflicted ?? 0, k?.registrations_submitted ?? 0),
        winRate: ratio(k?.opportunities_won ?? 0, k?.opportunities_closed ?? 0),
        revenue: Object.entries(row.revenue ?? {})
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([currency, r]) => ({
            currency,
            sourcedMinor: Number(r.sourcedMinor),
            influencedMinor: Number(r.influencedMinor),
            averageDealSizeMinor: Math.round(Number(r.wonTotalMinor) / Number(r.wonCount)),
          })),
        medianDaysRegistrationToClose: row.median_days === null ? null : Number(row.median_days),
        lastActivityAt: activity.length ? new Date(Math.max(...activity.map((d) => d.getTime()))).toISOString() : null,
        inactive: lastRegistrationAt === null || now.getTime() - lastRegistrationAt.getTime() > INACTIVE_AFTER_DAYS * DAY,
      },
      tabs: {
        members: row.members,
        partnerships: row.partnerships,
        childPartners: row.children,
        cases: row.tab_cases.map((c) => ({ ...c, resolutionDueAt: new Date(c.resolutionDueAt).toISOString() })),
        registrations: row.tab_registrations.map((r) => ({ ...r, amountMinor: Number(r.amountMinor) })),
        orders: row.tab_orders.map((o) => ({ ...o, totalMinor: Number(o.totalMinor) })),
        soldProducts: row.sold_products.map((p) => ({ product: p.product, currency: p.currency, quantity: Number(p.quantity), totalMinor: Number(p.totalMinor) })),
      },
    };
  }
}
