import { ENTERPRISE, partnerAudience, present } from './audience';
import { partnerEventData } from './event.view';
import { partnerView } from './partner.view';
import { approvalHistoryEntryView, matchedKeys, registrationRowView, registrationView } from './registration.view';
import { opportunityView, orderView } from './sales.view';

const acme = 'acme-partner-id';
const globex = 'globex-partner-id';
const asGlobex = partnerAudience([globex]);

const registration = {
  status: 'Submitted',
  registrationId: 'globex-reg',
  partnerId: globex,
  programId: 'program',
  submittedBy: 'dave',
  details: { registrationType: 'resell', customer: { companyName: 'Initech', domain: 'initech.example', contactName: 'Pat', contactEmail: 'pat@initech.example', crmScore: 97 }, estimatedSize: { amountMinor: 1, currency: 'USD' }, expectedCloseDate: '2027-01-01', products: ['x'] },
  submittedAt: '2026-12-02T07:00:00.000Z',
  conflicts: [{ registrationId: 'acme-reg', partnerId: acme, submittedAt: '2026-12-01T09:00:00.000Z', keys: [{ kind: 'domain' as const, value: 'initech.example' }] }],
  protectedUntil: null,
  extensionsUsed: 0,
  extensionRequested: false,
  opportunityId: null,
  escalatedAt: null,
  version: 3,
};

describe('per-audience views', () => {
  it('list matched keys in one order whatever the claims, so neither their number nor their order shows', () => {
    const domain = { kind: 'domain' as const, value: 'wayne.example' };
    const company = { kind: 'company' as const, value: 'wayne enterprises' };
    const oneClaim = matchedKeys([{ registrationId: 'a', partnerId: acme, submittedAt: 't1', keys: [company, domain] }]);
    const domainFirst = matchedKeys([
      { registrationId: 'a', partnerId: acme, submittedAt: 't1', keys: [domain] },
      { registrationId: 'b', partnerId: 'acme-uk', submittedAt: 't2', keys: [company] },
    ]);
    const companyFirst = matchedKeys([
      { registrationId: 'b', partnerId: 'acme-uk', submittedAt: 't1', keys: [company] },
      { registrationId: 'a', partnerId: acme, submittedAt: 't2', keys: [domain, company] },
    ]);
    expect(domainFirst).toEqual(oneClaim);
    expect(companyFirst).toEqual(oneClaim);
  });

  it("names no staff member of an organisation the reader may not see in an event's data", () => {
    const data = { orderId: 'o', lineId: 'l1', partnerId: acme, by: 'alice-member-id', at: 't' };
    expect(partnerEventData('OrderLineFulfilled', data, asGlobex, { channelPartnerId: acme, actorPartnerId: acme }).by).toBeNull();
    expect(partnerEventData('OrderLineFulfilled', data, partnerAudience([acme]), { channelPartnerId: acme, actorPartnerId: acme }).by).toBe('alice-member-id');
    for (const [type, field] of [['CaseOpened', 'openedBy'], ['RegistrationDrafted', 'submittedBy'], ['QuoteCreated', 'createdBy']] as const) {
      const shown = partnerEventData(type, { [field]: 'alice-member-id', partnerId: globex, channelPartnerId: globex, lines: [] }, asGlobex, { channelPartnerId: globex, actorPartnerId: acme });
      expect({ type, value: shown[field] }).toEqual({ type, value: null });
    }
    // An enterprise user (no partner) stays named, as before.
    expect(partnerEventData('OrderLineFulfilled', { ...data, by: 'cm-1' }, asGlobex, { channelPartnerId: acme, actorPartnerId: undefined }).by).toBe('cm-1');
  });

  it('are allow-lists: a field nobody declared, at the top or nested, is not in the partner view', () => {
    const withNew = { ...registration, internalScore: 'acme-is-ahead', details: { ...registration.details, margin: 'thin' } };
    const shown = JSON.stringify(present(registrationView, withNew, asGlobex));
    expect(shown).not.toContain('internalScore');
    expect(shown).not.toContain('acme-is-ahead');
    expect(shown).not.toContain('margin');
    expect(shown).not.toContain('crmScore');
    expect(shown).toContain('initech.example');
    expect(present(registrationView, withNew, ENTERPRISE)).toMatchObject({ internalScore: 'acme-is-ahead', conflicts: registration.conflicts });
    const row = JSON.stringify(present(registrationRowView, { registrationId: 'r', conflictCount: 2, rowSecret: 's3cret' }, asGlobex));
    expect(row).not.toContain('s3cret');
    expect(JSON.parse(row)).toEqual({ registrationId: 'r', inConflict: true });
    expect(Object.keys(present(partnerView, { partnerId: globex, parentId: null, creditLimit: 5 }, asGlobex))).not.toContain('creditLimit');
  });

  it('event data: an undeclared event type shows nothing, an undeclared field of a declared one is left out', () => {
    expect(partnerEventData('RegistrationScoredInternally', { registrationId: 'r', score: 1 }, asGlobex, { channelPartnerId: globex })).toEqual({});
    expect(partnerEventData('RegistrationApproved', { registrationId: 'r', by: 'u', protectedUntil: 'p', overrideReason: 'beat Acme', at: 'a', newField: 1 }, asGlobex, { channelPartnerId: globex })).toEqual({
      registrationId: 'r',
      by: 'u',
      protectedUntil: 'p',
      at: 'a',
    });
  });

  it('a conflict tells the partner its own matched keys, never whose claim it is', () => {
    const shown = present(registrationView, registration, asGlobex);
    const text = JSON.stringify(shown);
    for (const secret of [acme, 'acme-reg', '2026-12-01T09:00']) expect(text).not.toContain(secret);
    expect(shown.conflict).toEqual({ matchedKeys: [{ kind: 'domain', value: 'initech.example' }] });
    const entry = present(approvalHistoryEntryView, { position: '1', eventType: 'RegistrationConflictDetected', actor: null, reason: null, conflicts: registration.conflicts, at: 'a' }, asGlobex);
    expect(JSON.stringify(entry)).not.toContain(acme);
    expect(entry.matchedKeys).toEqual([{ kind: 'domain', value: 'initech.example' }]);
    // Comments written for the partner stay; the override, an internal work note, does not.
    const rejected = { position: '2', eventType: 'RegistrationRejected', actor: null, reason: 'outside the territory', conflicts: null, at: 'a' };
    expect(present(approvalHistoryEntryView, rejected, asGlobex)).toMatchObject({ reason: 'outside the territory' });
    expect(present(approvalHistoryEntryView, { ...rejected, reason: 'override: Acme is slow' }, asGlobex)).toMatchObject({ reason: null });
    expect(partnerEventData('RegistrationCancelled', { registrationId: 'r', note: 'duplicate', by: 'u', at: 'a' }, asGlobex, { channelPartnerId: globex })).toMatchObject({ note: 'duplicate' });
    expect(partnerEventData('RegistrationInfoRequested', { registrationId: 'r', message: 'which region?', by: 'u', at: 'a' }, asGlobex, { channelPartnerId: globex })).toMatchObject({ message: 'which region?' });
    const event = partnerEventData('RegistrationConflictDetected', { registrationId: 'globex-reg', matches: registration.conflicts, at: 'a' }, asGlobex, { channelPartnerId: globex });
    expect(JSON.stringify(event)).not.toContain('acme');
  });

  it('a line partner reads the header and its own lines, and amounts from its own lines', () => {
    const opportunity = {
      opportunityId: 'o',
      status: 'open',
      name: 'Deal',
      channelPartnerId: acme,
      registrationId: 'acme-reg',
      lineItems: [
        { lineId: 'l1', product: 'acme-widget', quantity: 2, unitPriceMinor: 7_777, partnerId: null },
        { lineId: 'l2', product: 'globex-gadget', quantity: 1, unitPriceMinor: 1_000, partnerId: globex },
      ],
      amountMinor: 16_554,
      wonAmountMinor: 16_554,
    };
    const shown = present(opportunityView, opportunity, asGlobex);
    const text = JSON.stringify(shown);
    for (const secret of [acme, 'acme-reg', 'acme-widget', '7777', '16554']) expect(text).not.toContain(secret);
    expect(shown).toMatchObject({ channelPartnerId: null, amountMinor: 1_000, wonAmountMinor: null, lineItems: [{ lineId: 'l2', product: 'globex-gadget' }] });
    expect(present(opportunityView, opportunity, partnerAudience([acme]))).toMatchObject({ amountMinor: 15_554, lineItems: [{ lineId: 'l1' }] });
    const order = { orderId: 'x', channelPartnerId: acme, quoteId: 'q', lines: [{ lineId: 'l1', product: 'acme-widget', partnerId: acme, totalMinor: 7_777 }, { lineId: 'l2', product: 'g', partnerId: globex, totalMinor: 5 }], totalMinor: 7_782 };
    expect(present(orderView, order, asGlobex)).toMatchObject({ totalMinor: 5, quoteId: null, lines: [{ lineId: 'l2' }] });
    const created = partnerEventData('OrderCreated', { orderId: 'x', channelPartnerId: acme, quoteId: 'q', lines: order.lines, totalMinor: 7_782 }, asGlobex, { channelPartnerId: acme });
    expect(JSON.stringify(created)).not.toMatch(/acme|7777|7782/);
  });
});
