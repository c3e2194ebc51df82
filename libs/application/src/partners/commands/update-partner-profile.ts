import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PartnerCommand, partnerDecider, partnerStream } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult, CommandRunner } from '../../command-runner';
import { PartnerRules } from '../partners.rules';

export class UpdatePartnerProfile extends Command<CommandResult> {
  constructor(
    readonly partnerId: string,
    readonly input: { changes: Extract<PartnerCommand, { type: 'UpdatePartnerProfile' }>['data']['changes'] },
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(UpdatePartnerProfile)
export class UpdatePartnerProfileHandler implements ICommandHandler<UpdatePartnerProfile> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly rules: PartnerRules,
  ) {}

  execute({ partnerId, input, ctx }: UpdatePartnerProfile): Promise<CommandResult> {
    return this.runner.run({
      id: partnerId,
      streamId: partnerStream(partnerId),
      decider: partnerDecider,
      ctx,
      authorize: (state) => this.rules.visible(ctx.actor, partnerId, state),
      command: (): PartnerCommand => ({ type: 'UpdatePartnerProfile', data: { changes: { ...input.changes } }, now: ctx.now }),
    });
  }
}
