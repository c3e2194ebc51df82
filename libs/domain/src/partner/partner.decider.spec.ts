import { specFor } from '../shared/given-when-then';
import { partnerDecider } from './partner.decider';
import { PartnerEvent } from './partner.events';

const given = specFor(partnerDecider);
const at = '2026-11-22T10:00:00.000Z';
const acme: PartnerEvent = {
  type: 'PartnerRegistered',
  data: { partnerId: 'acme', name: 'Acme', partnerType: 'reseller', tier: 'Gold', parentId: null, webDomain: 'acme.com', country: 'US', industry: 'Software', at },
};
const { at: _registeredAt, ...acmeRegistration } = acme.data as Extract<PartnerEvent, { type: 'PartnerRegistered' }>['data'];
const alice: PartnerEvent = {
  type: 'StaffMemberRegistered',
  data: { partnerId: 'acme', memberId: 'alice', name: 'Alice', email: 'alice@acme.com', role: 'partner_manager', at },
};

describe('partner decider', () => {
  it('registers a partner once', () => {
    given([]).when({ type: 'RegisterPartner', data: acmeRegistration, now: at }).then([acme]);
    given([acme]).when({ type: 'RegisterPartner', data: acmeRegistration, now: at }).thenRefuses('rule_broken', 'partner_exists');
  });

  it('refuses commands on a partner that does not exist', () => {
    given([]).when({ type: 'ChangePartnerTier', data: { tier: 'Silver' }, now: at }).thenRefuses('not_found', 'partner_not_found');
  });

  it('records only the profile fields that change', () => {
    given([acme])
      .when({ type: 'UpdatePartnerProfile', data: { changes: { name: 'Acme', country: 'CA' } }, now: at })
      .then([{ type: 'PartnerProfileUpdated', data: { partnerId: 'acme', changes: { country: 'CA' }, at } }]);
    given([acme]).when({ type: 'UpdatePartnerProfile', data: { changes: { name: 'Acme' } }, now: at }).then([]);
  });

  it('changes tier with from and to, and not at all to the same tier', () => {
    given([acme])
      .when({ type: 'ChangePartnerTier', data: { tier: 'Platinum' }, now: at })
      .then([{ type: 'PartnerTierChanged', data: { partnerId: 'acme', from: 'Gold', to: 'Platinum', at } }]);
    given([acme]).when({ type: 'ChangePartnerTier', data: { tier: 'Gold' }, now: at }).then([]);
  });

  it('re-parents, but never into a cycle', () => {
    given([acme])
      .when({ type: 'ReparentPartner', data: { parentId: 'globex', parentAncestry: ['globex-holding'] }, now: at })
      .then([{ type: 'PartnerReparented', data: { partnerId: 'acme', from: null, to: 'globex', at } }]);
    given([acme]).when({ type: 'ReparentPartner', data: { parentId: 'acme', parentAncestry: [] }, now: at }).thenRefuses('invalid', 'hierarchy_cycle');
    // acme-uk's chain runs up to acme: making it acme's parent would close a loop.
    given([acme])
      .when({ type: 'ReparentPartner', data: { parentId: 'acme-uk-leeds', parentAncestry: ['acme-uk', 'acme'] }, now: at })
      .thenRefuses('invalid', 'hierarchy_cycle');
  });

  it('registers staff with unique emails, case-insensitively', () => {
    given([acme])
      .when({ type: 'RegisterStaffMember', data: { memberId: 'alice', name: 'Alice', email: 'Alice@Acme.com', role: 'partner_manager' }, now: at })
      .then([alice]);
    given([acme, alice])
      .when({ type: 'RegisterStaffMember', data: { memberId: 'al', name: 'Al', email: 'ALICE@acme.com', role: 'partner_associate' }, now: at })
      .thenRefuses('rule_broken', 'member_email_taken');
  });

  it('deactivates a member for good: no role change, no point of contact, and it clears the point of contact', () => {
    const deactivated: PartnerEvent = { type: 'StaffMemberDeactivated', data: { partnerId: 'acme', memberId: 'alice', at } };
    given([acme, alice]).when({ type: 'DeactivateStaffMember', data: { memberId: 'alice' }, now: at }).then([deactivated]);
    given([acme, alice, deactivated]).when({ type: 'DeactivateStaffMember', data: { memberId: 'alice' }, now: at }).then([]);
    given([acme, alice, deactivated])
      .when({ type: 'ChangeStaffRole', data: { memberId: 'alice', role: 'partner_associate' }, by: 'admin-1', now: at })
      .thenRefuses('rule_broken', 'member_deactivated');
    given([acme, alice, deactivated]).when({ type: 'SetPointOfContact', data: { memberId: 'alice' }, now: at }).thenRefuses('rule_broken', 'member_deactivated');
    const state = [acme, alice, { type: 'PointOfContactSet', data: { partnerId: 'acme', memberId: 'alice', at } } as PartnerEvent, deactivated].reduce(
      partnerDecider.evolve,
      partnerDecider.initialState,
    );
    expect(state).toMatchObject({ pointOfContact: null, staff: [{ memberId: 'alice', active: false }] });
  });

  it('changes a role and sets a point of contact', () => {
    given([acme, alice])
      .when({ type: 'ChangeStaffRole', data: { memberId: 'alice', role: 'partner_associate' }, by: 'admin-1', now: at })
      .then([{ type: 'StaffMemberRoleChanged', data: { partnerId: 'acme', memberId: 'alice', from: 'partner_manager', to: 'partner_associate', at } }]);
    given([acme, alice])
      .when({ type: 'SetPointOfContact', data: { memberId: 'alice' }, now: at })
      .then([{ type: 'PointOfContactSet', data: { partnerId: 'acme', memberId: 'alice', at } }]);
    given([acme]).when({ type: 'SetPointOfContact', data: { memberId: 'nobody' }, now: at }).thenRefuses('not_found', 'member_not_found');
  });

  it('never lets a staff member change their own role, up or down', () => {
    given([acme, alice])
      .when({ type: 'ChangeStaffRole', data: { memberId: 'alice', role: 'partner_associate' }, by: 'alice', now: at })
      .thenRefuses('rule_broken', 'own_role');
    const demoted: PartnerEvent = { type: 'StaffMemberRoleChanged', data: { partnerId: 'acme', memberId: 'alice', from: 'partner_manager', to: 'partner_associate', at } };
    given([acme, alice, demoted])
      .when({ type: 'ChangeStaffRole', data: { memberId: 'alice', role: 'partner_manager' }, by: 'alice', now: at })
      .thenRefuses('rule_broken', 'own_role');
  });
});
