// Examples for the main flows, by operationId: what a client sends and what it gets back.
type Examples = Record<string, { summary: string; value: unknown }>;

const ids = {
  partner: '3f2b8c1e-5d4a-4b6f-9e21-7a8c9d0e1f23',
  program: '8a1d2e3f-4b5c-4d6e-8f70-1a2b3c4d5e6f',
  registration: 'c4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f70',
};

export const EXAMPLES: { requests: Record<string, Examples>; responses: Record<string, Examples> } = {
  requests: {
    registerPartner: {
      reseller: {
        summary: 'A reseller at the top of its hierarchy',
        value: { name: 'Acme Corp', partnerType: 'reseller', tier: 'Gold', webDomain: 'acme.example', country: 'US', industry: 'Software' },
      },
    },
    draftDealRegistration: {
      draft: {
        summary: 'A resell registration for a customer',
        value: {
          programId: ids.program,
          registrationType: 'resell',
          customer: { companyName: 'Initech', domain: 'initech.example', contactName: 'Bill Lumbergh', contactEmail: 'bill@initech.example' },
          estimatedSize: { amountMinor: 2500000, currency: 'USD' },
          expectedCloseDate: '2027-03-31',
          products: ['Ledger Enterprise'],
        },
      },
    },
    approveDealRegistration: {
      plain: { summary: 'No conflict: nothing to say', value: {} },
      override: { summary: 'Approving a registration in conflict', value: { overrideReason: 'The earlier claim was abandoned; confirmed with both partners.' } },
    },
  },
  responses: {
    registerPartner: { created: { summary: 'The new partner', value: { id: ids.partner, version: 1, position: '00000000000000001234-00000000000000001234' } } },
    draftDealRegistration: { created: { summary: 'The new draft', value: { id: ids.registration, version: 1, position: '00000000000000001240-00000000000000001240' } } },
    submitDealRegistration: { submitted: { summary: 'Submitted', value: { id: ids.registration, version: 2, position: '00000000000000001241-00000000000000001241' } } },
    approveDealRegistration: { approved: { summary: 'Approved', value: { id: ids.registration, version: 5, position: '00000000000000001302-00000000000000001302' } } },
  },
};
