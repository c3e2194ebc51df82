import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PartnerCommand, partnerDecider, partnerStream } from '@channel-ledger/domain';
import { CommandResult, CommandRunner } from '../../command-runner';
import { newRecordId } from '../../deterministic-id';
import { NewRecordCommand } from '../../record-command';
import { PartnerRules } from '../partners.rules';

type Registration = Extract<PartnerCommand, { type: 'RegisterPartner' }>['data'];

export class RegisterPartner extends NewRecordCommand<Omit<Registration, 'partnerId' | 'parentId'> & { parentId?: string | null }> {}

@CommandHandler(RegisterPartner)
export class RegisterPartnerHandler implements ICommandHandler<RegisterPartner> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly rules: PartnerRules,
  ) {}

  async execute({ input, ctx }: RegisterPartner): Promise<CommandResult> {
    const parentId = input.parentId ?? null;
    await this.rules.parentExists(parentId);
    const partnerId = newRecordId('partner', ctx);
    const data = { ...input, partnerId, parentId } as Registration;
    return this.runner.run({
      id: partnerId,
      streamId: partnerStream(partnerId),
      decider: partnerDecider,
      ctx,
      authorize: (state) => this.rules.visible(ctx.actor, state, partnerId, true),
      command: (): PartnerCommand => ({ type: 'RegisterPartner', data, now: ctx.now }),
      creates: true,
    });
  }
}
