import { CommandHandler } from '@nestjs/cqrs';
import { ProgramCommand, CaseSlaTargets } from '@channel-ledger/domain';
import { RecordCommand } from '../../record-command';
import { ProgramCommandHandler } from '../programs.command-handler';
import { plain } from '../programs.rules';

export class SetCaseSla extends RecordCommand<CaseSlaTargets> {}

@CommandHandler(SetCaseSla)
export class SetCaseSlaHandler extends ProgramCommandHandler<SetCaseSla> {
  protected decide({ input, ctx }: SetCaseSla): ProgramCommand {
    return { type: 'SetCaseSla', data: { caseSla: plain(input) }, now: ctx.now };
  }
}
