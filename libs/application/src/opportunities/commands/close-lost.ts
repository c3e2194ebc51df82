import { CommandHandler } from '@nestjs/cqrs';
import { OpportunityCommand, LossReason } from '@channel-ledger/domain';
import { RecordCommand } from '../../record-command';
import { OpportunityCommandHandler } from '../opportunities.command-handler';

export class CloseLost extends RecordCommand<{ reason: LossReason; note?: string | null }> {}

@CommandHandler(CloseLost)
export class CloseLostHandler extends OpportunityCommandHandler<CloseLost> {
  protected decide({ input, ctx }: CloseLost): OpportunityCommand {
    return { type: 'CloseLost', data: { reason: input.reason, note: input.note ?? null }, by: ctx.actor.userId, now: ctx.now };
  }
}
