import { CommandHandler } from '@nestjs/cqrs';
import { CaseCommand } from '@channel-ledger/domain';
import { RecordCommand } from '../../record-command';
import { CaseCommandHandler } from '../cases.command-handler';

export class PutCaseOnHold extends RecordCommand<{ reason: string }> {}

@CommandHandler(PutCaseOnHold)
export class PutCaseOnHoldHandler extends CaseCommandHandler<PutCaseOnHold> {
  protected decide({ input, ctx }: PutCaseOnHold): CaseCommand {
    return { type: 'PutCaseOnHold', data: { reason: input.reason }, by: ctx.actor.userId, now: ctx.now };
  }
}
