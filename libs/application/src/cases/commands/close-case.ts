import { CommandHandler } from '@nestjs/cqrs';
import { CaseCommand } from '@channel-ledger/domain';
import { BareRecordCommand } from '../../record-command';
import { CaseCommandHandler } from '../cases.command-handler';

export class CloseCase extends BareRecordCommand {}

@CommandHandler(CloseCase)
export class CloseCaseHandler extends CaseCommandHandler<CloseCase> {
  protected decide({ ctx }: CloseCase): CaseCommand {
    return { type: 'CloseCase', by: ctx.actor.userId, now: ctx.now };
  }
}
