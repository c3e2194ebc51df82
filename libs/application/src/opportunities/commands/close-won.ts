import { CommandHandler } from '@nestjs/cqrs';
import { OpportunityCommand } from '@channel-ledger/domain';
import { RecordCommand } from '../../record-command';
import { OpportunityCommandHandler } from '../opportunities.command-handler';

export class CloseWon extends RecordCommand<{ amountMinor: number }> {}

@CommandHandler(CloseWon)
export class CloseWonHandler extends OpportunityCommandHandler<CloseWon> {
  protected decide({ input, ctx }: CloseWon): OpportunityCommand {
    return { type: 'CloseWon', data: { amountMinor: input.amountMinor }, by: ctx.actor.userId, now: ctx.now };
  }
}
