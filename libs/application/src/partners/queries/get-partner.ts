import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Actor } from '@channel-ledger/auth';
import { NotFound } from '@channel-ledger/domain';
import { partnerView, present } from '@channel-ledger/domain/views';
import { audienceOf } from '../../audience';
import { PartnerDirectory } from '../../partner-directory';

// One partner as the directory folds it now, with its version for If-Match.
export class GetPartner extends Query<Record<string, unknown>> {
  constructor(
    readonly partnerId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

@QueryHandler(GetPartner)
export class GetPartnerHandler implements IQueryHandler<GetPartner> {
  constructor(private readonly directory: PartnerDirectory) {}

  async execute({ partnerId, actor }: GetPartner): Promise<Record<string, unknown>> {
    const { state, revision } = await this.directory.load(partnerId);
    if (state.status === 'none' || !(await this.directory.canSee(actor, partnerId))) throw new NotFound('partner_not_found', 'partner not found');
    return present(partnerView, { ...state, version: (revision ?? -1) + 1 }, await audienceOf(this.directory, actor, [state.partnerId, state.parentId]));
  }
}
