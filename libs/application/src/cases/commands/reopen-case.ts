import { CommandHandler } from '@nestjs/cqrs';
import { CaseCommand } from '@channel-ledger/domain';
import { RecordCommand } from '../../record-command';
import { CaseCommandHandler } from '../cases.command-handler';

export class ReopenCase extends RecordCommand<{ reason: string }> {}

@CommandHandler(ReopenCase)
export class ReopenCaseHandler extends CaseCommandHandler<ReopenCase> {
  protected decide({ input, ctx }: ReopenCase): CaseCommand {
    return { type: 'ReopenCase', data: { reason: input.reason }, by: ctx.actor.userId, now: ctx.now };
  }
}
