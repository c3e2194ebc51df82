import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { Actor } from '@channel-ledger/auth';
import { Cursor } from '../pagination';
import { ReadRepository } from '../read-repository';
import { visibleTo } from '../scope';

export interface PartnerListFilter {
  tier?: string;
  parentId?: string;
  q?: string;
  limit?: number;
  cursor?: string;
}

export interface MemberListFilter {
  partnerId?: string;
  active?: boolean;
  limit?: number;
  cursor?: string;
}

// The partner directory's read model, every query scoped to what the caller may see in the SQL: a partner user sees
// its organisation (and, as a manager, its descendants).
@Injectable()
export class PartnerReadRepository extends ReadRepository {
  // Partners by name after the cursor, one more than the page to tell whether another follows.
  partners(actor: Actor, filter: PartnerListFilter, limit: number, cursor: Cursor | undefined) {
    let q = this.db.selectFrom('rm_partners').selectAll().where(visibleTo(actor, 'partner_id'));
    if (filter.tier) q = q.where('tier', '=', filter.tier);
    if (filter.parentId) q = q.where('parent_id', '=', filter.parentId);
    if (filter.q) q = q.where(sql<boolean>`lower(name) like ${`${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
    if (cursor) q = q.where(sql<boolean>`(name, partner_id) > (${cursor.value}, ${cursor.id})`);
    return q.orderBy('name').orderBy('partner_id').limit(limit + 1).execute();
  }

  // Staff members by name after the cursor, one more than the page.
  members(actor: Actor, filter: MemberListFilter, limit: number, cursor: Cursor | undefined) {
    let q = this.db.selectFrom('rm_members').selectAll().where(visibleTo(actor, 'partner_id'));
    if (filter.partnerId) q = q.where('partner_id', '=', filter.partnerId);
    if (filter.active !== undefined) q = q.where('active', '=', filter.active);
    if (cursor) q = q.where(sql<boolean>`(name, member_id) > (${cursor.value}, ${cursor.id})`);
    return q.orderBy('name').orderBy('member_id').limit(limit + 1).execute();
  }
}
