import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PartnershipCommand, partnershipDecider, partnershipStream } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult, CommandRunner } from '../../command-runner';

export class EndPartnership extends Command<CommandResult> {
  constructor(
    readonly partnerId: string,
    readonly programId: string,
    readonly input: { reason: string },
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(EndPartnership)
export class EndPartnershipHandler implements ICommandHandler<EndPartnership> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ partnerId, programId, input, ctx }: EndPartnership): Promise<CommandResult> {
    return this.runner.run({
      id: `${partnerId}_${programId}`,
      streamId: partnershipStream(partnerId, programId),
      decider: partnershipDecider,
      ctx,
      // Enterprise writers only (the route's roles); partnerships are not partner-visible commands.
      authorize: (state) => state,
      command: async (): Promise<PartnershipCommand> => ({ type: 'EndPartnership', data: { reason: input.reason }, now: ctx.now }),
    });
  }
}
