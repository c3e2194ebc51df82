import { AGGREGATES, aggregateOf } from './aggregates';
import { caseStream, opportunityStream, orderStream, partnerStream, partnershipStream, programStream, quoteStream, registrationStream } from '.';

describe('the aggregate registry', () => {
  const id = '6f1c2a9e-0d7b-4c1e-9a53-2b8f0c4d1e77';
  it('finds each aggregate from the streams its own stream function names', () => {
    const streams: [string, string][] = [
      [registrationStream(id), 'deal-registrations'],
      [partnerStream(id), 'partners'],
      [programStream(id), 'programs'],
      [opportunityStream(id), 'opportunities'],
      [quoteStream(id), 'quotes'],
      [orderStream(id), 'orders'],
      [caseStream(id), 'cases'],
      [partnershipStream(id, id), 'partnerships'],
    ];
    for (const [stream, resource] of streams) expect(aggregateOf(stream)?.resource).toBe(resource);
    expect(streams).toHaveLength(AGGREGATES.length);
    expect(aggregateOf(`deal-claims-${'a'.repeat(40)}`)).toBeUndefined();
  });

  it('gives no two aggregates prefixes where one starts the other', () => {
    for (const a of AGGREGATES) for (const b of AGGREGATES) if (a !== b) expect(b.prefix.startsWith(a.prefix)).toBe(false);
  });
});
