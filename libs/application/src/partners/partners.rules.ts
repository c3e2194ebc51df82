import { Injectable } from '@nestjs/common';
import { Actor } from '@channel-ledger/auth';
import { InvalidInput, NotFound, Partner, PartnerCommand, PartnerEvent, partnerDecider, partnerStream } from '@channel-ledger/domain';
import { AggregateReader } from '../aggregate-reader';
import { CommandRunner } from '../command-runner';
import { PartnerDirectory } from '../partner-directory';
import { RecordRules } from '../record-rules';

// What every partner use case asks: whether the caller may see the partner, and whether a named parent exists.
@Injectable()
export class PartnerRules extends RecordRules<PartnerCommand, PartnerEvent, Partner, Partner> {
  constructor(runner: CommandRunner, reader: AggregateReader, directory: PartnerDirectory) {
    super(runner, reader, directory, { decider: partnerDecider, stream: partnerStream });
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
