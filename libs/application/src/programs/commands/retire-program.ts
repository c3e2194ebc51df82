import { CommandHandler } from '@nestjs/cqrs';
import { ProgramCommand } from '@channel-ledger/domain';
import { BareRecordCommand } from '../../record-command';
import { ProgramCommandHandler } from '../programs.command-handler';

export class RetireProgram extends BareRecordCommand {}

@CommandHandler(RetireProgram)
export class RetireProgramHandler extends ProgramCommandHandler<RetireProgram> {
  protected decide({ ctx }: RetireProgram): ProgramCommand {
    return { type: 'RetireProgram', now: ctx.now };
  }
}
