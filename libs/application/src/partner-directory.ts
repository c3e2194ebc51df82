import { Inject, Injectable } from '@nestjs/common';
import { EventStore } from '@channel-ledger/event-store';
import { EVENT_STORE } from '@channel-ledger/platform';
import {
  InvalidInput,
  Partner,
  PartnerEvent,
  StaffMember,
  mayViewPartner,
  partnerDecider,
  partnerStream,
} from '@channel-ledger/domain';
import { foldRecord } from './fold-record';
import { readFact } from './stream-reads';
import { Actor } from '@channel-ledger/auth';

const MAX_DEPTH = 32;

// Answers "who may see which partner" from the partners' own streams, so authorization is as current as the
// log: a re-parenting or a deactivation takes effect on the next request (within one request a partner is read
// once, see StreamReads).
@Injectable()
export class PartnerDirectory {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async load(partnerId: string): Promise<{ state: Partner; revision: number | undefined }> {
    const events = await readFact<PartnerEvent>(this.store, partnerStream(partnerId));
    return { state: foldRecord<PartnerEvent, Partner>(partnerDecider, events), revision: events.at(-1)?.revision };
  }

  // The partner's parent, grandparent, ... up to the root.
  async ancestors(partnerId: string): Promise<string[]> {
    const chain: string[] = [];
    let current: string | null = partnerId;
    while (current && chain.length < MAX_DEPTH) {
      const { state } = await this.load(current);
      current = state.status === 'active' ? state.parentId : null;
      if (current) chain.push(current);
    }
    return chain;
  }

  // Enterprise roles see every partner; an associate its own; a manager its own and every descendant.
  async canSee(actor: Actor, partnerId: string): Promise<boolean> {
    if (actor.kind === 'enterprise' || actor.partnerId === partnerId || !actor.roles.includes('partner_manager')) {
      return mayViewPartner(actor, partnerId, []);
    }
    return mayViewPartner(actor, partnerId, await this.ancestors(partnerId));
  }

  // A record tied to several partners (an order's channel partner and its line partners) is visible when any of
  // them is; a record tied to none (a direct deal) is the enterprise's alone.
  async canSeeAny(actor: Actor, partnerIds: (string | null)[]): Promise<boolean> {
    if (actor.kind === 'enterprise') return true;
    for (const partnerId of new Set(partnerIds)) if (partnerId && (await this.canSee(actor, partnerId))) return true;
    return false;
  }

  async exists(partnerId: string): Promise<boolean> {
    return (await this.load(partnerId)).state.status === 'active';
  }

  async isActiveMember(partnerId: string, memberId: string): Promise<boolean> {
    return (await this.activeMember(partnerId, memberId)) !== undefined;
  }

  // The staff member as the log has it now, if it is active at an active partner: what it may do comes from here.
  async activeMember(partnerId: string, memberId: string): Promise<StaffMember | undefined> {
    const { state } = await this.load(partnerId);
    return state.status === 'active' ? state.staff.find((m) => m.memberId === memberId && m.active) : undefined;
  }

  // The partner a new record is for: the one the body names, else the caller's own organisation. It must exist and
  // be one the caller may see; one it may not see is refused exactly like one that does not exist.
  async partnerFor(actor: Actor, named: string | undefined, field: string, required: string): Promise<string> {
    const partnerId = named ?? (actor.kind === 'partner' ? actor.partnerId : undefined);
    if (!partnerId) throw new InvalidInput(field, 'partner_required', required);
    if (!(await this.exists(partnerId)) || !(await this.canSee(actor, partnerId))) throw new InvalidInput(field, 'partner_not_found', 'partner not found');
    return partnerId;
  }
}
