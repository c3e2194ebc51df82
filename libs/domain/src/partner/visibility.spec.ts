import { ancestorChain, mayViewPartner } from './visibility';

describe('mayViewPartner', () => {
  const parents = new Map<string, string | null>([
    ['root', null],
    ['child', 'root'],
    ['grandchild', 'child'],
    ['other', null],
  ]);

  it('lets enterprise staff see every partner', () => {
    expect(mayViewPartner({ kind: 'enterprise' }, 'other', [])).toBe(true);
  });

  it('lets partner staff see their own organisation only', () => {
    const associate = { kind: 'partner' as const, partnerId: 'root', roles: ['partner_associate'] };
    expect(mayViewPartner(associate, 'root', ancestorChain(parents, 'root'))).toBe(true);
    expect(mayViewPartner(associate, 'child', ancestorChain(parents, 'child'))).toBe(false);
  });

  it('lets a partner manager see its descendants but not its ancestors or strangers', () => {
    const manager = { kind: 'partner' as const, partnerId: 'child', roles: ['partner_manager'] };
    expect(mayViewPartner(manager, 'grandchild', ancestorChain(parents, 'grandchild'))).toBe(true);
    expect(mayViewPartner(manager, 'root', ancestorChain(parents, 'root'))).toBe(false);
    expect(mayViewPartner(manager, 'other', ancestorChain(parents, 'other'))).toBe(false);
  });

  it('cuts a cyclic parent chain', () => {
    const cyclic = new Map<string, string | null>([
      ['a', 'b'],
      ['b', 'a'],
    ]);
    expect(ancestorChain(cyclic, 'a')).toEqual(['b']);
  });
});
