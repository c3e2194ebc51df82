import { CommandHandler } from '@nestjs/cqrs';
import { OpportunityCommand, OpenStage } from '@channel-ledger/domain';
import { RecordCommand } from '../../record-command';
import { OpportunityCommandHandler } from '../opportunities.command-handler';

export class ChangeStage extends RecordCommand<{ stage: OpenStage }> {}

@CommandHandler(ChangeStage)
export class ChangeStageHandler extends OpportunityCommandHandler<ChangeStage> {
  protected decide({ input, ctx }: ChangeStage): OpportunityCommand {
    return { type: 'ChangeStage', data: { stage: input.stage }, by: ctx.actor.userId, now: ctx.now };
  }
}
