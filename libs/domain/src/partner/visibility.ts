// Who may see which partner, written once: enterprise staff see every partner; partner staff their own
// organisation; a partner manager also every descendant of it. `ancestors` is the partner's parent,
// grandparent, ... up to the root, as the hierarchy has it now.
export type PartnerViewer =
  | { kind: 'enterprise' }
  | { kind: 'partner'; partnerId: string; roles: readonly string[] };

export function mayViewPartner(viewer: PartnerViewer, partnerId: string, ancestors: readonly string[]): boolean {
  if (viewer.kind === 'enterprise') return true;
  if (viewer.partnerId === partnerId) return true;
  if (!viewer.roles.includes('partner_manager')) return false;
  return ancestors.includes(viewer.partnerId);
}

// The ancestor chain of a partner from parent links (a missing or null parent ends it; a cycle or a chain
// longer than maxDepth is cut).
export function ancestorChain(
  parentOf: ReadonlyMap<string, string | null>,
  partnerId: string,
  maxDepth = 32,
): string[] {
  const chain: string[] = [];
  let current = parentOf.get(partnerId) ?? null;
  while (current && chain.length < maxDepth && !chain.includes(current) && current !== partnerId) {
    chain.push(current);
    current = parentOf.get(current) ?? null;
  }
  return chain;
}
