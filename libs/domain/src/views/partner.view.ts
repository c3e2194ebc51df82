import { View } from './audience';

// A partner reads its own organisation (and a manager its descendants); the parent of the top partner it may see
// is someone else's organisation, so the id reads as null.
export const partnerView: View<{ parentId: string | null }> = {
  partner: {
    partnerId: true,
    status: true,
    partnerType: true,
    tier: true,
    profile: { name: true, webDomain: true, country: true, industry: true },
    staff: { memberId: true, name: true, email: true, role: true, active: true },
    pointOfContact: true,
    version: true,
  },
  derive: (r, audience) => ({ parentId: audience.sees(r.parentId) ? r.parentId : null }),
};

// A row of GET /v1/partners.
export const partnerRowView: View<{ parentId: string | null }> = {
  partner: { partnerId: true, name: true, partnerType: true, tier: true, webDomain: true, country: true, industry: true, pointOfContact: true, registeredAt: true },
  derive: (r, audience) => ({ parentId: audience.sees(r.parentId) ? r.parentId : null }),
};
