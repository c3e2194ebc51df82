import { Injectable } from '@nestjs/common';
import { Actor } from '@channel-ledger/auth';
import { InvalidInput, NotFound, Partner, PartnerCommand, PartnerEvent, partnerDecider, partnerStream } from '@channel-ledger/domain';
import { forbidden, unauthorized } from '@channel-ledger/platform';
import { AggregateReader } from '../aggregate-reader';
import { CommandContext } from '../command-context';
import { CommandRunner } from '../command-runner';
import { PartnerDirectory } from '../partner-directory';
import { RecordRules } from '../record-rules';

// What every partner use case asks: whether the caller may see the partner, and whether a named parent exists.
@Injectable()
export class PartnerRules extends RecordRules<PartnerCommand, PartnerEvent, Partner, Partner> {
  constructor(runner: CommandRunner, reader: AggregateReader, directory: PartnerDirectory) {
    super(runner, reader, directory, { decider: partnerDecider, stream: partnerStream });
  }

  // A partner's own staff act on the stream that records their membership: the guard's check of it is from a read
  // made before the command's, so the command checks it again on the state it decides and appends on (the append's
  // revision check makes that the membership in force when its events are written). A member deactivated, or a
  // manager demoted, by a change the command's retry folds in no longer acts with the old powers.
  protected override authorize(ctx: CommandContext, state: Partner, partnerId: string): Promise<Partner> {
    const { actor } = ctx;
    if (actor.kind === 'partner' && actor.partnerId === partnerId) {
      const member = state.status === 'active' ? state.staff.find((m) => m.memberId === actor.userId && m.active) : undefined;
      if (!member) throw unauthorized('member_inactive', 'the token belongs to a staff member who is not active at that partner');
      if (ctx.role === 'partner_manager' && member.role !== 'partner_manager') throw forbidden('this action needs the partner_manager role, which the staff member no longer has');
    }
    return this.visible(actor, state, partnerId);
  }

  // A partner user never learns that a partner outside its hierarchy exists.
  async visible(actor: Actor, state: Partner, partnerId: string, creating = false): Promise<Partner> {
    if (state.status === 'none' && !creating) throw new NotFound('partner_not_found', 'partner not found');
    if (!(await this.directory.canSee(actor, partnerId))) throw new NotFound('partner_not_found', 'partner not found');
    return state;
  }

  async parentExists(parentId: string | null): Promise<void> {
    if (parentId && (await this.directory.load(parentId)).state.status !== 'active') {
      throw new InvalidInput('parentId', 'parent_not_found', `parent partner ${parentId} does not exist`);
    }
  }
}
