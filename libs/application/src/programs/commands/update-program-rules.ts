import { CommandHandler } from '@nestjs/cqrs';
import { ProgramCommand, DealRegistrationRules } from '@channel-ledger/domain';
import { RecordCommand } from '../../record-command';
import { ProgramCommandHandler } from '../programs.command-handler';
import { plain } from '../programs.rules';

export class UpdateProgramRules extends RecordCommand<{ rules: DealRegistrationRules }> {}

@CommandHandler(UpdateProgramRules)
export class UpdateProgramRulesHandler extends ProgramCommandHandler<UpdateProgramRules> {
  protected decide({ input, ctx }: UpdateProgramRules): ProgramCommand {
    return { type: 'UpdateProgramRules', data: { rules: plain(input.rules) }, now: ctx.now };
  }
}
