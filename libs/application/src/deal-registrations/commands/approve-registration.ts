import { CommandHandler } from '@nestjs/cqrs';
import { RegistrationCommand } from '@channel-ledger/domain';
import { RecordCommand } from '../../record-command';
import { RegistrationCommandHandler } from '../deal-registrations.command-handler';
import { ExistingRegistration } from '../deal-registrations.rules';

export class ApproveRegistration extends RecordCommand<{ overrideReason?: string | null }> {}

@CommandHandler(ApproveRegistration)
export class ApproveRegistrationHandler extends RegistrationCommandHandler<ApproveRegistration> {
  protected async decide({ input, ctx }: ApproveRegistration, state: ExistingRegistration): Promise<RegistrationCommand> {
    return { type: 'ApproveRegistration', data: { overrideReason: input.overrideReason ?? null }, by: ctx.actor.userId, context: { rules: await this.rules.programRules(state) }, now: ctx.now };
  }
}
