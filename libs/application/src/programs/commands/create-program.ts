import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DealRegistrationRules, ProgramCommand, ProgramTier, programDecider, programStream } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult, CommandRunner } from '../../command-runner';
import { newRecordId } from '../../deterministic-id';
import { plain } from '../programs.rules';

export class CreateProgram extends Command<CommandResult> {
  constructor(
    readonly input: { name: string; tiers: ProgramTier[]; rules: DealRegistrationRules },
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(CreateProgram)
export class CreateProgramHandler implements ICommandHandler<CreateProgram> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ input, ctx }: CreateProgram): Promise<CommandResult> {
    const programId = newRecordId('program', ctx);
    return this.runner.run({
      id: programId,
      streamId: programStream(programId),
      decider: programDecider,
      ctx,
      // A new record: its id is fresh (or derived from this caller's own Idempotency-Key), so nobody else's.
      authorize: (state) => state,
      command: (): ProgramCommand => ({ type: 'CreateProgram', data: { programId, ...plain(input) }, now: ctx.now }),
    });
  }
}
