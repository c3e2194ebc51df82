// Money as the API sends it (minor units and a currency), dates and durations in the reader's locale.
export function money(value: { amountMinor: number; currency: string } | null | undefined): string {
  if (!value) return '—';
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency: value.currency }).format(value.amountMinor / 100);
  } catch {
    return `${(value.amountMinor / 100).toFixed(2)} ${value.currency}`;
  }
}

export function dateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function date(value: string | null | undefined): string {
  if (!value) return '—';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toLocaleDateString(undefined, { dateStyle: 'medium' });
}

// "3 h 20 min", "2 d 4 h"; negative durations read "overdue by …".
export function duration(ms: number): string {
  const overdue = ms < 0;
  let rest = Math.abs(ms) / 60_000;
  const days = Math.floor(rest / 1440);
  rest -= days * 1440;
  const hours = Math.floor(rest / 60);
  const minutes = Math.floor(rest - hours * 60);
  const text = days > 0 ? `${days} d ${hours} h` : hours > 0 ? `${hours} h ${minutes} min` : `${minutes} min`;
  return overdue ? `overdue by ${text}` : text;
}

export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${Math.round(value * 1000) / 10}%`;
}

export const shortId = (id: string) => id.slice(0, 8);
