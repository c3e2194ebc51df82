import { CommandHandler } from '@nestjs/cqrs';
import { CaseCommand } from '@channel-ledger/domain';
import { RecordCommand } from '../../record-command';
import { CaseCommandHandler } from '../cases.command-handler';

export class ResolveCase extends RecordCommand<{ resolution: string }> {}

@CommandHandler(ResolveCase)
export class ResolveCaseHandler extends CaseCommandHandler<ResolveCase> {
  protected decide({ input, ctx }: ResolveCase): CaseCommand {
    return { type: 'ResolveCase', data: { resolution: input.resolution }, by: ctx.actor.userId, now: ctx.now };
  }
}
