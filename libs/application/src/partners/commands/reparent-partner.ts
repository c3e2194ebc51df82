import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PartnerCommand } from '@channel-ledger/domain';
import { CommandResult } from '../../command-runner';
import { PartnerDirectory } from '../../partner-directory';
import { RecordCommand } from '../../record-command';
import { PartnerRules } from '../partners.rules';

export class ReparentPartner extends RecordCommand<{ parentId?: string | null }> {}

@CommandHandler(ReparentPartner)
export class ReparentPartnerHandler implements ICommandHandler<ReparentPartner> {
  constructor(
    private readonly rules: PartnerRules,
    private readonly directory: PartnerDirectory,
  ) {}

  async execute({ id, input, ctx }: ReparentPartner): Promise<CommandResult> {
    const parentId = input.parentId ?? null;
    await this.rules.parentExists(parentId);
    const parentAncestry = parentId ? await this.directory.ancestors(parentId) : [];
    return this.rules.run(id, ctx, (): PartnerCommand => ({ type: 'ReparentPartner', data: { parentId, parentAncestry }, now: ctx.now }));
  }
}
