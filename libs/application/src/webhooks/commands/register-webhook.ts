import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { Actor } from '@channel-ledger/auth';
import { AppConfig } from '@channel-ledger/config';
import { InvalidInput } from '@channel-ledger/domain';
import { APP_CONFIG } from '@channel-ledger/platform';
import { endpointUrlProblem } from '@channel-ledger/webhooks';
import { WebhookReadRepository, endpointView } from '../webhooks.read-repository';

type Endpoint = ReturnType<typeof endpointView>;

// A partner manager registers an endpoint for its own organisation.
export class RegisterWebhook extends Command<Endpoint> {
  constructor(
    readonly input: { url: string; secret: string; topics?: string[]; description?: string },
    readonly actor: Actor,
  ) {
    super();
  }
}

@CommandHandler(RegisterWebhook)
export class RegisterWebhookHandler implements ICommandHandler<RegisterWebhook> {
  constructor(
    private readonly webhooks: WebhookReadRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ input: body, actor }: RegisterWebhook): Promise<Endpoint> {
    if (actor.kind !== 'partner') throw new InvalidInput('partnerId', 'partner_required', 'webhooks are registered by partner managers for their organisation');
    const problem = endpointUrlProblem(body.url, this.config.webhooks.allowInsecure);
    if (problem) throw new InvalidInput('url', 'invalid_url', `url ${problem}`);
    const row = await this.webhooks.insertEndpoint({
      endpoint_id: randomUUID(),
      partner_id: actor.partnerId,
      url: body.url,
      secret: body.secret,
      topics: body.topics ?? null,
      description: body.description ?? null,
      created_by: actor.userId,
      deactivated_at: null,
    });
    return endpointView(row);
  }
}
