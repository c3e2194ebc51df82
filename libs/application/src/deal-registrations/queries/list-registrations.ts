import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { present, registrationRowView } from '@channel-ledger/domain';
import { RegistrationRow } from '@channel-ledger/projections/registrations/registrations.tables';
import { RegistrationListFilter, RegistrationReadRepository } from '../deal-registrations.read-repository';
import { ListQuery, Page } from '../../record-query';

export class ListRegistrations extends ListQuery<RegistrationListFilter> {}

@QueryHandler(ListRegistrations)
export class ListRegistrationsHandler implements IQueryHandler<ListRegistrations> {
  constructor(private readonly registrations: RegistrationReadRepository) {}

  async execute({ filter, actor }: ListRegistrations): Promise<Page> {
    const audience = await this.registrations.audience(actor);
    return this.registrations.list(actor, filter, (r) => present(registrationRowView, toRegistration(r), audience));
  }
}

function toRegistration(r: RegistrationRow) {
  return {
    registrationId: r.registration_id,
    partnerId: r.partner_id,
    programId: r.program_id,
    registrationType: r.registration_type,
    status: r.status,
    customer: { companyName: r.customer_company, domain: r.customer_domain, contactEmail: r.contact_email },
    estimatedSize: { amountMinor: Number(r.amount_minor), currency: r.currency },
    expectedCloseDate: r.expected_close_date,
    conflictCount: r.conflict_count,
    createdAt: r.created_at.toISOString(),
    submittedAt: r.submitted_at?.toISOString() ?? null,
    decidedAt: r.decided_at?.toISOString() ?? null,
    protectedUntil: r.protected_until?.toISOString() ?? null,
    updatedAt: r.updated_at.toISOString(),
  };
}
