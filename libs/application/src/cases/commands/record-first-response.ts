import { CommandHandler } from '@nestjs/cqrs';
import { CaseCommand } from '@channel-ledger/domain';
import { RecordCommand } from '../../record-command';
import { CaseCommandHandler } from '../cases.command-handler';

export class RecordFirstResponse extends RecordCommand<{ message: string }> {}

@CommandHandler(RecordFirstResponse)
export class RecordFirstResponseHandler extends CaseCommandHandler<RecordFirstResponse> {
  protected decide({ input, ctx }: RecordFirstResponse): CaseCommand {
    return { type: 'RecordFirstResponse', data: { message: input.message }, by: ctx.actor.userId, now: ctx.now };
  }
}
