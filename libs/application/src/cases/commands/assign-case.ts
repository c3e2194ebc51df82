import { CommandHandler } from '@nestjs/cqrs';
import { CaseCommand } from '@channel-ledger/domain';
import { RecordCommand } from '../../record-command';
import { CaseCommandHandler } from '../cases.command-handler';

export class AssignCase extends RecordCommand<{ assigneeId: string }> {}

@CommandHandler(AssignCase)
export class AssignCaseHandler extends CaseCommandHandler<AssignCase> {
  protected decide({ input, ctx }: AssignCase): CaseCommand {
    return { type: 'AssignCase', data: { assigneeId: input.assigneeId }, by: ctx.actor.userId, now: ctx.now };
  }
}
