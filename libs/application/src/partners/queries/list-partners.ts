import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { partnerRowView, present } from '@channel-ledger/domain/views';
import { decodeCursor, pageOf } from '../../pagination';
import { PartnerListFilter, PartnerReadRepository } from '../partners.read-repository';
import { ListQuery, Page } from '../../record-query';

const PARTNERS_BY_NAME = { list: 'rm_partners', sort: 'name', desc: false };

// Partners by name, scoped in the SQL.
export class ListPartners extends ListQuery<PartnerListFilter> {}

@QueryHandler(ListPartners)
export class ListPartnersHandler implements IQueryHandler<ListPartners> {
  constructor(private readonly partners: PartnerReadRepository) {}

  async execute({ filter, actor }: ListPartners): Promise<Page> {
    const limit = filter.limit ?? 25;
    const cursor = decodeCursor(filter.cursor, { ...PARTNERS_BY_NAME, type: 'text' });
    const rows = await this.partners.partners(actor, filter, limit, cursor);
    const audience = await this.partners.audience(actor);
    const page = pageOf(
      rows.map((r) => ({
        partnerId: r.partner_id,
        name: r.name,
        partnerType: r.partner_type,
        tier: r.tier,
        parentId: r.parent_id,
        webDomain: r.web_domain,
        country: r.country,
        industry: r.industry,
        pointOfContact: r.point_of_contact,
        registeredAt: r.registered_at.toISOString(),
      })),
      limit,
      PARTNERS_BY_NAME,
      (r) => ({ value: r.name, id: r.partnerId }),
    );
    return { items: page.items.map((r) => present(partnerRowView, r, audience)), nextCursor: page.nextCursor };
  }
}
