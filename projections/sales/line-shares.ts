// A sales record's parties: its channel partner and every line's partner (partner scoping is an array overlap).
export const parties = (channel: string | null, lines: { partnerId: string | null }[]): string[] => [...new Set([channel, ...lines.map((l) => l.partnerId)].filter((p): p is string => !!p))];

// Whose each line is (its own partner, else the record's channel partner) and what it is worth, for the figures a
// partner reads (the sum of its own lines). The sales, pipeline and Partner 360 read models all read lines so.
export type PricedLine = { partnerId: string | null } & ({ totalMinor: number } | { unitPriceMinor: number; quantity: number });
export const lineShares = (channel: string | null, lines: PricedLine[]) => ({
  line_partner_ids: lines.map((l) => l.partnerId ?? channel),
  line_amounts: lines.map((l) => String('totalMinor' in l ? l.totalMinor : l.unitPriceMinor * l.quantity)),
});
