import { Provider } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Actor } from '@channel-ledger/auth';
import { PartnerDirectory } from '../partner-directory';

// Who a caller is, for a client's sign-in: for partner staff, the member's name and organisation as the log has them
// now (the guard has already checked that the member is active there).
export interface CallerIdentity {
  name: string | null;
  partner: { partnerId: string; name: string } | null;
}

export class GetCallerIdentity extends Query<CallerIdentity> {
  constructor(readonly actor: Actor) {
    super();
  }
}

@QueryHandler(GetCallerIdentity)
export class GetCallerIdentityHandler implements IQueryHandler<GetCallerIdentity> {
  constructor(private readonly directory: PartnerDirectory) {}

  async execute({ actor }: GetCallerIdentity): Promise<CallerIdentity> {
    if (actor.kind !== 'partner') return { name: null, partner: null };
    const { state } = await this.directory.load(actor.partnerId);
    if (state.status !== 'active') return { name: null, partner: null };
    const member = state.staff.find((m) => m.memberId === actor.userId);
    return { name: member?.name ?? null, partner: { partnerId: state.partnerId, name: state.profile.name } };
  }
}

export const SESSION_HANDLERS: Provider[] = [GetCallerIdentityHandler];
