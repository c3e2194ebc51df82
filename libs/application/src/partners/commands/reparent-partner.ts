import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PartnerCommand, partnerDecider, partnerStream } from '@channel-ledger/domain';
import { CommandContext } from '../../command-context';
import { CommandResult, CommandRunner } from '../../command-runner';
import { PartnerDirectory } from '../../partner-directory';
import { PartnerRules } from '../partners.rules';

export class ReparentPartner extends Command<CommandResult> {
  constructor(
    readonly partnerId: string,
    readonly input: { parentId?: string | null },
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ReparentPartner)
export class ReparentPartnerHandler implements ICommandHandler<ReparentPartner> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly rules: PartnerRules,
    private readonly directory: PartnerDirectory,
  ) {}

  async execute({ partnerId, input, ctx }: ReparentPartner): Promise<CommandResult> {
    const parentId = input.parentId ?? null;
    await this.rules.parentExists(parentId);
    const parentAncestry = parentId ? await this.directory.ancestors(parentId) : [];
    return this.runner.run({
      id: partnerId,
      streamId: partnerStream(partnerId),
      decider: partnerDecider,
      ctx,
      authorize: (state) => this.rules.visible(ctx.actor, partnerId, state),
      command: (): PartnerCommand => ({ type: 'ReparentPartner', data: { parentId, parentAncestry }, now: ctx.now }),
    });
  }
}
