import { Injectable } from '@nestjs/common';
import { Command } from '@nestjs/cqrs';
import { Partnership, PartnershipCommand, PartnershipEvent, Tier, partnershipDecider, partnershipStream, programDecider, programStream } from '@channel-ledger/domain';
import { AggregateReader } from '../aggregate-reader';
import { CommandContext } from '../command-context';
import { CommandResult, CommandRunner } from '../command-runner';
import { PartnerDirectory } from '../partner-directory';
import { RecordRules } from '../record-rules';

// A partnership is named by its partner and its program.
export const partnershipId = (partnerId: string, programId: string) => `${partnerId}_${programId}`;

// The stream of the partnership a partnershipId names (partnershipStream joins the two ids the same way).
const streamOf = (id: string) => partnershipStream(id.slice(0, id.indexOf('_')), id.slice(id.indexOf('_') + 1));

// A command on the partnership of one partner in one program.
export abstract class PartnershipRecordCommand<Input> extends Command<CommandResult> {
  constructor(
    readonly partnerId: string,
    readonly programId: string,
    readonly input: Input,
    readonly ctx: CommandContext,
  ) {
    super();
  }

  get id(): string {
    return partnershipId(this.partnerId, this.programId);
  }
}

// What the partnership use cases read from the program: whether it is active and which tiers it offers.
@Injectable()
export class PartnershipRules extends RecordRules<PartnershipCommand, PartnershipEvent, Partnership, Partnership> {
  constructor(runner: CommandRunner, reader: AggregateReader, directory: PartnerDirectory) {
    super(runner, reader, directory, { decider: partnershipDecider, stream: streamOf });
  }

  // Enterprise writers only (the route's roles); partnerships are not partner-visible commands.
  visible(_actor: unknown, state: Partnership): Partnership {
    return state;
  }

  async programTiers(programId: string): Promise<{ active: boolean; tiers: Tier[] }> {
    const { state } = await this.reader.load(programDecider, programStream(programId));
    return { active: state.status === 'active', tiers: state.status === 'none' ? [] : state.tiers.map((t) => t.name) };
  }
}
