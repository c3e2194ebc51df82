import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFound } from '@channel-ledger/domain';
import { partnerView, present } from '@channel-ledger/domain/views';
import { audienceOf } from '../../audience';
import { PartnerDirectory } from '../../partner-directory';
import { RecordQuery } from '../../record-query';

// One partner as the directory folds it now, with its version for If-Match.
export class GetPartner extends RecordQuery {}

@QueryHandler(GetPartner)
export class GetPartnerHandler implements IQueryHandler<GetPartner> {
  constructor(private readonly directory: PartnerDirectory) {}

  async execute({ id: partnerId, actor }: GetPartner): Promise<Record<string, unknown>> {
    const { state, revision } = await this.directory.load(partnerId);
    if (state.status === 'none' || !(await this.directory.canSee(actor, partnerId))) throw new NotFound('partner_not_found', 'partner not found');
    return present(partnerView, { ...state, version: (revision ?? -1) + 1 }, await audienceOf(this.directory, actor, [state.partnerId, state.parentId]));
  }
}
