import { CommandHandler } from '@nestjs/cqrs';
import { RegistrationCommand } from '@channel-ledger/domain';
import { RecordCommand } from '../../record-command';
import { RegistrationCommandHandler } from '../deal-registrations.command-handler';

export class RequestInfo extends RecordCommand<{ message: string }> {}

@CommandHandler(RequestInfo)
export class RequestInfoHandler extends RegistrationCommandHandler<RequestInfo> {
  protected decide({ input, ctx }: RequestInfo): RegistrationCommand {
    return { type: 'RequestInfo', data: { message: input.message }, by: ctx.actor.userId, now: ctx.now };
  }
}
