import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DealRegistrationRules, ProgramCommand, ProgramTier } from '@channel-ledger/domain';
import { CommandResult } from '../../command-runner';
import { newRecordId } from '../../deterministic-id';
import { NewRecordCommand } from '../../record-command';
import { ProgramRules, plain } from '../programs.rules';

export class CreateProgram extends NewRecordCommand<{ name: string; tiers: ProgramTier[]; rules: DealRegistrationRules }> {}

@CommandHandler(CreateProgram)
export class CreateProgramHandler implements ICommandHandler<CreateProgram> {
  constructor(private readonly rules: ProgramRules) {}

  execute({ input, ctx }: CreateProgram): Promise<CommandResult> {
    const programId = newRecordId('program', ctx);
    return this.rules.create(programId, ctx, (): ProgramCommand => ({ type: 'CreateProgram', data: { programId, ...plain(input) }, now: ctx.now }));
  }
}
