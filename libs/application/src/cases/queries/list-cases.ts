import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CLOCK, Clock } from '@channel-ledger/platform';
import { CaseRow } from '@channel-ledger/projections/support/support.tables';
import { caseRowView, present } from '@channel-ledger/domain/views';
import { CaseListFilter, CaseReadRepository } from '../cases.read-repository';
import { ListQuery, Page } from '../../record-query';

export class ListCases extends ListQuery<CaseListFilter> {}

@QueryHandler(ListCases)
export class ListCasesHandler implements IQueryHandler<ListCases> {
  constructor(
    private readonly cases: CaseReadRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ filter, actor }: ListCases): Promise<Page> {
    const listedAt = this.clock.now();
    const now = this.clock.now();
    const effective = (r: CaseRow) => (r.held_since ?? now).getTime();
    const audience = await this.cases.audience(actor);
    return this.cases.list(actor, filter, listedAt, audience, (r, audience) => present(caseRowView, {
      caseId: r.case_id,
      partnerId: r.partner_id,
      priority: r.priority,
      subject: r.subject,
      about: r.about,
      status: r.status,
      assigneeId: r.assignee_id,
      firstResponseDueAt: r.first_response_due_at.toISOString(),
      resolutionDueAt: r.resolution_due_at.toISOString(),
      firstResponseBreached: (r.first_responded_at?.getTime() ?? effective(r)) > r.first_response_due_at.getTime(),
      resolutionBreached: (r.resolved_at?.getTime() ?? effective(r)) > r.resolution_due_at.getTime(),
      openedAt: r.opened_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
    }, audience));
  }
}
