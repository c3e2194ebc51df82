import { PartnerAudience, View, pick } from './audience';

// Opportunities, quotes and orders can name several partners: the channel partner on the header and a partner
// per line. A line without a partner of its own belongs to the channel partner (to the enterprise on a direct
// deal). A partner reads the header and its own lines; other partners' lines are left out, the partner ids it
// may not see read as null, and every amount it reads is the sum of its own lines. The won amount, one figure
// for the whole deal, is shown only to a partner that sees every line.
export interface LineShare {
  partnerId: string | null;
  amountMinor: number;
}

export function lineOwner(line: { partnerId: string | null }, channelPartnerId: string | null): string | null {
  return line.partnerId ?? channelPartnerId;
}

export function ownShare(shares: LineShare[], audience: PartnerAudience): { amountMinor: number; allLines: boolean } {
  let amountMinor = 0;
  let allLines = true;
  for (const share of shares) {
    if (audience.sees(share.partnerId)) amountMinor += share.amountMinor;
    else allLines = false;
  }
  return { amountMinor, allLines };
}

interface Lines<L> {
  channelPartnerId: string | null;
  lines: L[];
}

function ownLines<L extends { partnerId: string | null }>(record: Lines<L>, audience: PartnerAudience, total: (line: L) => number) {
  const lines = record.lines.filter((l) => audience.sees(lineOwner(l, record.channelPartnerId)));
  const share = ownShare(record.lines.map((l) => ({ partnerId: lineOwner(l, record.channelPartnerId), amountMinor: total(l) })), audience);
  return { lines, ...share };
}

type OpportunityRecord = { channelPartnerId: string | null; registrationId: string | null; lineItems: { partnerId: string | null; unitPriceMinor: number; quantity: number }[]; wonAmountMinor: number | null };

// GET /v1/opportunities/:id
export const opportunityView: View<OpportunityRecord> = {
  partner: { opportunityId: true, status: true, name: true, accountName: true, source: true, stage: true, currency: true, expectedCloseDate: true, version: true },
  derive: (r, audience) => {
    const own = ownLines({ channelPartnerId: r.channelPartnerId, lines: r.lineItems }, audience, (l) => l.unitPriceMinor * l.quantity);
    return {
      channelPartnerId: audience.sees(r.channelPartnerId) ? r.channelPartnerId : null,
      registrationId: audience.sees(r.channelPartnerId) ? r.registrationId : null,
      lineItems: own.lines.map((l) => pick(l, { lineId: true, product: true, quantity: true, unitPriceMinor: true, partnerId: true })),
      amountMinor: own.amountMinor,
      wonAmountMinor: own.allLines ? r.wonAmountMinor : null,
    };
  },
};

type Row = { channelPartnerId: string | null; lineShares: LineShare[]; currency: string };
// The enterprise reads the row as it is; the shares and currency are only inputs to the partner's figures.
const rowEnterprise = ({ lineShares: _shares, currency: _currency, ...rest }: Row & Record<string, unknown>) => rest;

// A row of GET /v1/opportunities.
export const opportunityRowView: View<Row & { registrationId: string | null; wonAmountMinor: number | null; amount: unknown }> = {
  partner: { opportunityId: true, name: true, accountName: true, source: true, stage: true, lossReason: true, expectedCloseDate: true, createdAt: true, closedAt: true, updatedAt: true },
  derive: (r, audience) => {
    const own = ownShare(r.lineShares, audience);
    return {
      channelPartnerId: audience.sees(r.channelPartnerId) ? r.channelPartnerId : null,
      registrationId: audience.sees(r.channelPartnerId) ? r.registrationId : null,
      amount: { amountMinor: own.amountMinor, currency: r.currency },
      wonAmountMinor: own.allLines ? r.wonAmountMinor : null,
    };
  },
  enterprise: rowEnterprise,
};

type QuoteRecord = { channelPartnerId: string; opportunityId: string | null; lines: { partnerId: string | null; totalMinor: number }[] };

// GET /v1/quotes/:id
export const quoteView: View<QuoteRecord> = {
  partner: { quoteId: true, status: true, currency: true, validUntil: true, version: true, streamVersion: true },
  derive: (r, audience) => {
    const own = ownLines(r, audience, (l) => l.totalMinor);
    return {
      channelPartnerId: audience.sees(r.channelPartnerId) ? r.channelPartnerId : null,
      opportunityId: audience.sees(r.channelPartnerId) ? r.opportunityId : null,
      lines: own.lines.map((l) =>
        pick(l, { lineId: true, productOffering: true, quantity: true, unitPriceMinor: true, ramp: { fromMonth: true, toMonth: true, unitPriceMinor: true }, partnerId: true, totalMinor: true }),
      ),
      totalMinor: own.amountMinor,
    };
  },
};

// A row of GET /v1/quotes.
export const quoteRowView: View<Row & { opportunityId: string | null }> = {
  partner: { quoteId: true, status: true, version: true, validUntil: true, updatedAt: true },
  derive: (r, audience) => ({
    channelPartnerId: audience.sees(r.channelPartnerId) ? r.channelPartnerId : null,
    opportunityId: audience.sees(r.channelPartnerId) ? r.opportunityId : null,
    total: { amountMinor: ownShare(r.lineShares, audience).amountMinor, currency: r.currency },
  }),
  enterprise: rowEnterprise,
};

type OrderRecord = { channelPartnerId: string | null; quoteId: string | null; lines: { partnerId: string | null; totalMinor: number }[] };

// GET /v1/orders/:id
export const orderView: View<OrderRecord> = {
  partner: { orderId: true, status: true, account: true, contact: { name: true, email: true }, orderType: true, priority: true, currency: true, version: true },
  derive: (r, audience) => {
    const own = ownLines(r, audience, (l) => l.totalMinor);
    return {
      channelPartnerId: audience.sees(r.channelPartnerId) ? r.channelPartnerId : null,
      quoteId: audience.sees(r.channelPartnerId) ? r.quoteId : null,
      lines: own.lines.map((l) => pick(l, { lineId: true, product: true, quantity: true, unitPriceMinor: true, partnerId: true, totalMinor: true, fulfilledAt: true })),
      totalMinor: own.amountMinor,
    };
  },
};

// A row of GET /v1/orders.
export const orderRowView: View<Row & { quoteId: string | null }> = {
  partner: { orderId: true, account: true, orderType: true, priority: true, status: true, createdAt: true, updatedAt: true },
  derive: (r, audience) => ({
    channelPartnerId: audience.sees(r.channelPartnerId) ? r.channelPartnerId : null,
    quoteId: audience.sees(r.channelPartnerId) ? r.quoteId : null,
    total: { amountMinor: ownShare(r.lineShares, audience).amountMinor, currency: r.currency },
  }),
  enterprise: rowEnterprise,
};
