import { CommandHandler } from '@nestjs/cqrs';
import { ProgramCommand, Tier } from '@channel-ledger/domain';
import { RecordCommand } from '../../record-command';
import { ProgramCommandHandler } from '../programs.command-handler';

export class LinkSegments extends RecordCommand<{ segments: Tier[] }> {}

@CommandHandler(LinkSegments)
export class LinkSegmentsHandler extends ProgramCommandHandler<LinkSegments> {
  protected decide({ input, ctx }: LinkSegments): ProgramCommand {
    return { type: 'LinkSegments', data: { segments: input.segments }, now: ctx.now };
  }
}
