import { Injectable } from '@nestjs/common';
import { Actor } from '@channel-ledger/auth';
import { NotFound, ProgramFacts, Registration, RegistrationCommand, RegistrationEvent, conflictKeys, partnershipDecider, partnershipStream, programDecider, programStream, registrationDecider, registrationStream } from '@channel-ledger/domain';
import { CommandContext } from '../command-context';
import { CustomerClaims } from '../customer-claims';
import { AggregateReader } from '../aggregate-reader';
import { CommandRunner } from '../command-runner';
import { PartnerDirectory } from '../partner-directory';
import { RecordRules } from '../record-rules';

export type ExistingRegistration = Exclude<Registration, { status: 'None' }>;

// What every registration use case asks: the program's facts for a partner, and whether the caller may see a record.
@Injectable()
export class RegistrationRules extends RecordRules<RegistrationCommand, RegistrationEvent, Registration, ExistingRegistration> {
  constructor(
    runner: CommandRunner,
    reader: AggregateReader,
    directory: PartnerDirectory,
    private readonly claims: CustomerClaims,
  ) {
    super(runner, reader, directory, { decider: registrationDecider, stream: registrationStream });
  }

  async programFacts(partnerId: string, programId: string): Promise<ProgramFacts> {
    const [program, partnership] = await Promise.all([
      this.reader.load(programDecider, programStream(programId)),
      this.reader.load(partnershipDecider, partnershipStream(partnerId, programId)),
    ]);
    if (program.state.status === 'none') throw new NotFound('program_not_found', 'program not found');
    return { rules: program.state.rules, active: program.state.status === 'active', enrolled: partnership.state.status === 'active' };
  }

  // The deal registration rules of the registration's program.
  async programRules(state: ExistingRegistration): Promise<ProgramFacts['rules']> {
    return (await this.programFacts(state.partnerId, state.programId)).rules;
  }

  // Another partner's registration is answered exactly like a missing one: the caller must not learn it exists.
  async visible(actor: Actor, state: Registration): Promise<ExistingRegistration> {
    if (state.status === 'None' || !(await this.directory.canSee(actor, state.partnerId))) {
      throw new NotFound('registration_not_found', 'deal registration not found');
    }
    return state;
  }

  // Checks the command against the rules before claiming the customer, so a refused submission claims nothing.
  // The program, the partnership and the customer's claim streams are read in one query.
  async withConflicts(state: ExistingRegistration, ctx: CommandContext, type: 'SubmitRegistration' | 'ResubmitRegistration', data?: { answer?: string | null }): Promise<RegistrationCommand> {
    const reading = this.programFacts(state.partnerId, state.programId);
    const claim = this.claims.prepare({
      registrationId: state.registrationId,
      partnerId: state.partnerId,
      submittedAt: state.submittedAt ?? ctx.now,
      keys: conflictKeys(state.details.customer),
    });
    const facts = await reading;
    const extra = data ? { data } : {};
    const command = { type, by: ctx.actor.userId, ...extra, context: { ...facts, conflicts: [] }, now: ctx.now } as RegistrationCommand;
    registrationDecider.decide(command, state);
    const conflicts = await claim.claim(ctx.now);
    return { type, by: ctx.actor.userId, ...extra, context: { ...facts, conflicts }, now: ctx.now } as RegistrationCommand;
  }
}
