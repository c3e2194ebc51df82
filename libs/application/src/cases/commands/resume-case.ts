import { CommandHandler } from '@nestjs/cqrs';
import { CaseCommand } from '@channel-ledger/domain';
import { BareRecordCommand } from '../../record-command';
import { CaseCommandHandler } from '../cases.command-handler';

export class ResumeCase extends BareRecordCommand {}

@CommandHandler(ResumeCase)
export class ResumeCaseHandler extends CaseCommandHandler<ResumeCase> {
  protected decide({ ctx }: ResumeCase): CaseCommand {
    return { type: 'ResumeCase', by: ctx.actor.userId, now: ctx.now };
  }
}
