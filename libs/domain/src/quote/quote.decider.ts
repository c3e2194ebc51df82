import { NotFound, RuleBroken, unreachable, InvalidInput, requireStatus } from '../shared/domain-error';
import { multiply, sum } from '../shared/money';

export interface RampPeriod {
  // Months from the start of the term, inclusive, 1-based.
  fromMonth: number;
  toMonth: number;
  unitPriceMinor: number;
}

export interface QuoteLineInput {
  productOffering: string;
  quantity: number;
  unitPriceMinor: number;
  ramp: RampPeriod[] | null;
  partnerId: string | null;
}

export interface QuoteLine extends QuoteLineInput {
  lineId: string;
  // Computed here, never taken from the client.
  totalMinor: number;
}

export const QUOTE_STATUSES = ['Draft', 'Submitted', 'Approved', 'Rejected', 'Accepted', 'Expired'] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

export type QuoteEvent =
  | {
      type: 'QuoteCreated';
      data: { quoteId: string; opportunityId: string | null; channelPartnerId: string; currency: string; validUntil: string; createdBy: string; lines: QuoteLine[]; totalMinor: number; at: string };
    }
  // A revision is a new version of the quote; it supersedes the previous one and starts again as a draft.
  | { type: 'QuoteRevised'; data: { quoteId: string; version: number; supersedes: number; validUntil: string; lines: QuoteLine[]; totalMinor: number; by: string; at: string } }
  | { type: 'QuoteSubmitted'; data: { quoteId: string; version: number; by: string; at: string } }
  | { type: 'QuoteApproved'; data: { quoteId: string; version: number; by: string; at: string } }
  | { type: 'QuoteRejected'; data: { quoteId: string; version: number; reason: string; by: string; at: string } }
  | { type: 'QuoteAccepted'; data: { quoteId: string; version: number; by: string; at: string } }
  | { type: 'QuoteExpired'; data: { quoteId: string; version: number; at: string } };

export type Quote =
  | { status: 'None' }
  | {
      status: QuoteStatus;
      quoteId: string;
      opportunityId: string | null;
      channelPartnerId: string;
      currency: string;
      validUntil: string;
      version: number;
      lines: QuoteLine[];
      totalMinor: number;
    };

export type QuoteCommand =
  | {
      type: 'CreateQuote';
      data: { quoteId: string; opportunityId: string | null; channelPartnerId: string; currency: string; validUntil: string; lines: (QuoteLineInput & { lineId: string })[] };
      by: string;
      now: string;
    }
  | { type: 'ReviseQuote'; data: { validUntil: string; lines: (QuoteLineInput & { lineId: string })[] }; by: string; now: string }
  | { type: 'SubmitQuote'; by: string; now: string }
  | { type: 'ApproveQuote'; by: string; now: string }
  | { type: 'RejectQuote'; data: { reason: string }; by: string; now: string }
  | { type: 'AcceptQuote'; by: string; now: string }
  | { type: 'ExpireQuote'; now: string };

export function lineTotal(line: QuoteLineInput, field: string): number {
  if (!line.ramp || line.ramp.length === 0) return multiply(line.unitPriceMinor, line.quantity, field);
  const sorted = [...line.ramp].sort((a, b) => a.fromMonth - b.fromMonth);
  sorted.forEach((p, i) => {
    if (p.toMonth < p.fromMonth) throw new InvalidInput(`${field}.ramp`, 'ramp_period_reversed', 'a ramp period ends before it starts');
    if (i > 0 && p.fromMonth <= sorted[i - 1].toMonth) throw new InvalidInput(`${field}.ramp`, 'ramp_periods_overlap', 'ramp periods overlap');
  });
  return sum(
    sorted.map((p) => multiply(multiply(p.unitPriceMinor, line.quantity, field), p.toMonth - p.fromMonth + 1, field)),
    field,
  );
}

function priced(lines: (QuoteLineInput & { lineId: string })[]): { lines: QuoteLine[]; totalMinor: number } {
  const out = lines.map((l, i) => ({ ...l, totalMinor: lineTotal(l, `lines[${i}]`) }));
  return { lines: out, totalMinor: sum(out.map((l) => l.totalMinor), 'lines') };
}

function existing(state: Quote): Exclude<Quote, { status: 'None' }> {
  if (state.status === 'None') throw new NotFound('quote_not_found', 'quote not found');
  return state;
}


export function decideQuote(command: QuoteCommand, state: Quote): QuoteEvent[] {
  if (command.type === 'CreateQuote') {
    if (state.status !== 'None') throw new RuleBroken('quote_exists', 'quote already exists');
    const { lines, ...rest } = command.data;
    return [{ type: 'QuoteCreated', data: { ...rest, ...priced(lines), createdBy: command.by, at: command.now } }];
  }
  const quote = existing(state);
  const base = { quoteId: quote.quoteId, version: quote.version };
  switch (command.type) {
    case 'ReviseQuote':
      requireStatus('a quote', quote.status, ['Draft', 'Submitted', 'Approved', 'Rejected'], 'revise');
      return [
        {
          type: 'QuoteRevised',
          data: { quoteId: quote.quoteId, version: quote.version + 1, supersedes: quote.version, validUntil: command.data.validUntil, ...priced(command.data.lines), by: command.by, at: command.now },
        },
      ];
    case 'SubmitQuote':
      requireStatus('a quote', quote.status, ['Draft'], 'submit');
      return [{ type: 'QuoteSubmitted', data: { ...base, by: command.by, at: command.now } }];
    case 'ApproveQuote':
      requireStatus('a quote', quote.status, ['Submitted'], 'approve');
      return [{ type: 'QuoteApproved', data: { ...base, by: command.by, at: command.now } }];
    case 'RejectQuote':
      requireStatus('a quote', quote.status, ['Submitted'], 'reject');
      return [{ type: 'QuoteRejected', data: { ...base, reason: command.data.reason, by: command.by, at: command.now } }];
    case 'AcceptQuote':
      requireStatus('a quote', quote.status, ['Approved'], 'accept');
      if (Date.parse(command.now) > Date.parse(quote.validUntil)) throw new RuleBroken('quote_lapsed', `the quote was valid until ${quote.validUntil}`);
      return [{ type: 'QuoteAccepted', data: { ...base, by: command.by, at: command.now } }];
    case 'ExpireQuote':
      if (quote.status === 'Expired') return [];
      requireStatus('a quote', quote.status, ['Approved'], 'expire');
      if (Date.parse(command.now) <= Date.parse(quote.validUntil)) throw new RuleBroken('quote_still_valid', `the quote is valid until ${quote.validUntil}`);
      return [{ type: 'QuoteExpired', data: { ...base, at: command.now } }];
    default:
      return unreachable(command);
  }
}

export function evolveQuote(state: Quote, event: QuoteEvent): Quote {
  if (event.type === 'QuoteCreated') {
    const { quoteId, opportunityId, channelPartnerId, currency, validUntil, lines, totalMinor } = event.data;
    return { status: 'Draft', quoteId, opportunityId, channelPartnerId, currency, validUntil, version: 1, lines, totalMinor };
  }
  if (state.status === 'None') return state;
  switch (event.type) {
    case 'QuoteRevised':
      return { ...state, status: 'Draft', version: event.data.version, validUntil: event.data.validUntil, lines: event.data.lines, totalMinor: event.data.totalMinor };
    case 'QuoteSubmitted':
      return { ...state, status: 'Submitted' };
    case 'QuoteApproved':
      return { ...state, status: 'Approved' };
    case 'QuoteRejected':
      return { ...state, status: 'Rejected' };
    case 'QuoteAccepted':
      return { ...state, status: 'Accepted' };
    case 'QuoteExpired':
      return { ...state, status: 'Expired' };
    default:
      return unreachable(event);
  }
}

export const quoteDecider = { decide: decideQuote, evolve: evolveQuote, initialState: { status: 'None' } as Quote };
export const quoteStream = (quoteId: string) => `quote-${quoteId}`;
