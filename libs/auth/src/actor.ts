export const ENTERPRISE_ROLES = ['admin', 'channel_manager', 'approver', 'auditor', 'ops'] as const;
export const PARTNER_ROLES = ['partner_manager', 'partner_associate'] as const;
export type EnterpriseRole = (typeof ENTERPRISE_ROLES)[number];
export type PartnerRole = (typeof PARTNER_ROLES)[number];
export type Role = EnterpriseRole | PartnerRole;
export const ROLES: readonly Role[] = [...ENTERPRISE_ROLES, ...PARTNER_ROLES];

// Who is calling, from a verified token. Partner staff always carry the partner they belong to.
export type Actor =
  // `name`: the token's display name (the OpenID `name` claim), when it has one; shown, never used to decide.
  | { kind: 'enterprise'; userId: string; roles: EnterpriseRole[]; name?: string }
  | { kind: 'partner'; userId: string; roles: PartnerRole[]; partnerId: string };

export function hasRole(actor: Actor, allowed: readonly Role[]): boolean {
  return (actor.roles as Role[]).some((r) => allowed.includes(r));
}

// The role recorded in event metadata: the first of the actor's roles that the command allows.
export function actingRole(actor: Actor, allowed: readonly Role[]): Role {
  return (actor.roles as Role[]).find((r) => allowed.includes(r)) ?? actor.roles[0];
}
