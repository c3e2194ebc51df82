// Examples for the main flows, by operationId: what a client sends and what it gets back.
type Examples = Record<string, { summary: string; value: unknown }>;

const ids = {
  partner: '3f2b8c1e-5d4a-4b6f-9e21-7a8c9d0e1f23',
  program: '8a1d2e3f-4b5c-4d6e-8f70-1a2b3c4d5e6f',
  registration: 'c4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f70',
  member: '7d6c5b4a-3e2f-4a1b-8c9d-0e1f2a3b4c5d',
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
    getPartner360: {
      reseller: {
        summary: 'A reseller with one child partner, read by a channel manager',
        value: {
          profile: { partnerId: ids.partner, name: 'Acme Corp', partnerType: 'reseller', tier: 'Gold', webDomain: 'acme.example', country: 'US', industry: 'Software', registeredAt: '2026-01-05T09:00:00.000Z' },
          parent: null,
          pointOfContact: ids.member,
          kpis: {
            registrationsByState: { Approved: 3, Submitted: 1, Rejected: 1 },
            ordersByState: { Submitted: 1 },
            openCases: 1,
            slasBreached: 0,
            approvalRate: 0.75,
            medianHoursToDecision: 20.5,
            conflictRate: 0.2,
            winRate: 0.5,
            revenue: [{ currency: 'USD', sourcedMinor: 4200000, influencedMinor: 0, averageDealSizeMinor: 2100000 }],
            medianDaysRegistrationToClose: 34,
            lastActivityAt: '2026-11-30T16:20:00.000Z',
            inactive: false,
          },
          tabs: {
            members: [{ memberId: ids.member, name: 'Alice Example', email: 'alice@acme.example', role: 'partner_manager', active: true }],
            partnerships: [{ programId: ids.program, tier: 'Gold', status: 'active', startDate: '2026-01-05' }],
            childPartners: [{ partnerId: 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b', name: 'Acme UK', tier: 'Silver' }],
            cases: [{ caseId: 'f0e1d2c3-b4a5-4968-8776-655443322110', priority: 'P2', subject: 'Portal login fails', status: 'InProgress', resolutionDueAt: '2026-12-04T12:00:00.000Z' }],
            registrations: [{ registrationId: ids.registration, customer: 'Initech', status: 'Approved', amountMinor: 2500000, currency: 'USD' }],
            orders: [{ orderId: 'a9b8c7d6-e5f4-4a3b-9c2d-1e0f9a8b7c6d', account: 'Initech', status: 'Submitted', totalMinor: 2500000, currency: 'USD' }],
            soldProducts: [{ product: 'Ledger Enterprise', currency: 'USD', quantity: 10, totalMinor: 2500000 }],
          },
        },
      },
    },
  },
};
