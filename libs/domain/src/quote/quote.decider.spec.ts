import { specFor } from '../shared/given-when-then';
import { QuoteEvent, lineTotal, quoteDecider } from './quote.decider';

const given = specFor(quoteDecider);
const at = '2026-11-22T10:00:00.000Z';
const lines = [
  { lineId: 'l1', productOffering: 'ledger-enterprise', quantity: 10, unitPriceMinor: 12_000, ramp: null, partnerId: 'acme' },
  { lineId: 'l2', productOffering: 'ledger-audit', quantity: 5, unitPriceMinor: 0, ramp: [{ fromMonth: 1, toMonth: 6, unitPriceMinor: 1_000 }, { fromMonth: 7, toMonth: 12, unitPriceMinor: 2_000 }], partnerId: 'globex' },
];
const created: QuoteEvent = {
  type: 'QuoteCreated',
  data: {
    quoteId: 'q1',
    opportunityId: 'o1',
    channelPartnerId: 'acme',
    currency: 'USD',
    validUntil: '2026-12-31T00:00:00.000Z',
    createdBy: 'alice',
    lines: [
      { ...lines[0], totalMinor: 120_000 },
      { ...lines[1], totalMinor: 90_000 },
    ],
    totalMinor: 210_000,
    at,
  },
};

describe('quote decider', () => {
  it('computes line totals and the quote total itself, ramps included', () => {
    given([])
      .when({ type: 'CreateQuote', data: { quoteId: 'q1', opportunityId: 'o1', channelPartnerId: 'acme', currency: 'USD', validUntil: '2026-12-31T00:00:00.000Z', lines }, by: 'alice', now: at })
      .then([created]);
  });

  it('refuses overlapping ramp periods and totals beyond exact integers', () => {
    expect(() => lineTotal({ ...lines[1], ramp: [{ fromMonth: 1, toMonth: 6, unitPriceMinor: 1 }, { fromMonth: 6, toMonth: 7, unitPriceMinor: 1 }] }, 'lines[1]')).toThrow(/overlap/);
    expect(() => lineTotal({ ...lines[0], quantity: 2 ** 40, unitPriceMinor: 2 ** 20 }, 'lines[0]')).toThrow(/too large/);
  });

  it('runs Draft -> Submitted -> Approved -> Accepted, and a revision supersedes the version', () => {
    const submitted: QuoteEvent = { type: 'QuoteSubmitted', data: { quoteId: 'q1', version: 1, by: 'alice', at } };
    const approved: QuoteEvent = { type: 'QuoteApproved', data: { quoteId: 'q1', version: 1, by: 'cm', at } };
    given([created]).when({ type: 'SubmitQuote', by: 'alice', now: at }).then([submitted]);
    given([created, submitted]).when({ type: 'ApproveQuote', by: 'cm', now: at }).then([approved]);
    given([created, submitted, approved]).when({ type: 'AcceptQuote', by: 'alice', now: at }).then([{ type: 'QuoteAccepted', data: { quoteId: 'q1', version: 1, by: 'alice', at } }]);
    given([created, submitted, approved])
      .when({ type: 'ReviseQuote', data: { validUntil: '2027-01-31T00:00:00.000Z', lines: [lines[0]] }, by: 'cm', now: at })
      .then([
        {
          type: 'QuoteRevised',
          data: { quoteId: 'q1', version: 2, supersedes: 1, validUntil: '2027-01-31T00:00:00.000Z', lines: [{ ...lines[0], totalMinor: 120_000 }], totalMinor: 120_000, by: 'cm', at },
        },
      ]);
    given([created]).when({ type: 'AcceptQuote', by: 'alice', now: at }).thenRefuses('rule_broken', 'invalid_transition');
  });

  it('cannot be accepted after it lapsed; then it expires', () => {
    const late = '2027-01-02T00:00:00.000Z';
    const history: QuoteEvent[] = [created, { type: 'QuoteSubmitted', data: { quoteId: 'q1', version: 1, by: 'a', at } }, { type: 'QuoteApproved', data: { quoteId: 'q1', version: 1, by: 'c', at } }];
    given(history).when({ type: 'AcceptQuote', by: 'alice', now: late }).thenRefuses('rule_broken', 'quote_lapsed');
    given(history).when({ type: 'ExpireQuote', now: late }).then([{ type: 'QuoteExpired', data: { quoteId: 'q1', version: 1, at: late } }]);
    given(history).when({ type: 'ExpireQuote', now: at }).thenRefuses('rule_broken', 'quote_still_valid');
  });
});
