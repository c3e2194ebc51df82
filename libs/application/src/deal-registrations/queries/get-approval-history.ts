import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ConflictMatch, NotFound, approvalHistoryEntryView, present } from '@channel-ledger/domain';
import { RecordQuery } from '../../record-query';
import { RegistrationReadRepository } from '../deal-registrations.read-repository';

// Every state change, who made it and why, from the append-only approval history.
export class GetApprovalHistory extends RecordQuery<Record<string, unknown>[]> {}

@QueryHandler(GetApprovalHistory)
export class GetApprovalHistoryHandler implements IQueryHandler<GetApprovalHistory> {
  constructor(private readonly registrations: RegistrationReadRepository) {}

  async execute({ id, actor }: GetApprovalHistory): Promise<Record<string, unknown>[]> {
    const rows = await this.registrations.approvalHistory(actor, id);
    if (rows.length === 0) throw new NotFound('registration_not_found', 'deal registration not found');
    const audience = await this.registrations.audience(actor);
    return rows.map((r) =>
      present(
        approvalHistoryEntryView,
        {
          position: r.position,
          eventType: r.event_type,
          from: r.from_status,
          to: r.to_status,
          actor: r.actor_id ? { userId: r.actor_id, role: r.actor_role } : null,
          reason: r.reason,
          conflicts: r.conflicts as ConflictMatch[] | null,
          at: r.at.toISOString(),
        },
        audience,
      ),
    );
  }
}
