import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { decodeCursor, pageOf } from '../../pagination';
import { MemberListFilter, PartnerReadRepository } from '../partners.read-repository';
import { ListQuery, Page } from '../../record-query';

type Member = { memberId: string; partnerId: string; name: string; email: string; role: string; active: boolean };

const MEMBERS_BY_NAME = { list: 'rm_members', sort: 'name', desc: false };

// Staff members by name, scoped in the SQL.
export class ListMembers extends ListQuery<MemberListFilter, Page<Member>> {}

@QueryHandler(ListMembers)
export class ListMembersHandler implements IQueryHandler<ListMembers> {
  constructor(private readonly partners: PartnerReadRepository) {}

  async execute({ filter, actor }: ListMembers): Promise<Page<Member>> {
    const limit = filter.limit ?? 25;
    const cursor = decodeCursor(filter.cursor, { ...MEMBERS_BY_NAME, type: 'text' });
    const rows = await this.partners.members(actor, filter, limit, cursor);
    return pageOf(
      rows.map((r) => ({ memberId: r.member_id, partnerId: r.partner_id, name: r.name, email: r.email, role: r.role, active: r.active })),
      limit,
      MEMBERS_BY_NAME,
      (r) => ({ value: r.name, id: r.memberId }),
    );
  }
}
