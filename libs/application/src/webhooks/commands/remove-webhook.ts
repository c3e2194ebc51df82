import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Actor } from '@channel-ledger/auth';
import { WebhookReadRepository } from '../webhooks.read-repository';

// Deactivates an endpoint the caller may see; pending deliveries to it are cancelled when they next come due.
export class RemoveWebhook extends Command<void> {
  constructor(
    readonly endpointId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

@CommandHandler(RemoveWebhook)
export class RemoveWebhookHandler implements ICommandHandler<RemoveWebhook> {
  constructor(private readonly webhooks: WebhookReadRepository) {}

  async execute({ endpointId, actor }: RemoveWebhook): Promise<void> {
    await this.webhooks.endpoint(actor, endpointId);
    await this.webhooks.deactivateEndpoint(endpointId);
  }
}
