import { Injectable } from '@nestjs/common';
import { Actor } from '@channel-ledger/auth';
import { NotFound, ProgramFacts, Registration, RegistrationCommand, conflictKeys, partnershipDecider, partnershipStream, programDecider, programStream, registrationDecider, registrationStream } from '@channel-ledger/domain';
import { CommandContext } from '../command-context';
import { CustomerClaims } from '../customer-claims';
import { AggregateReader } from '../aggregate-reader';
import { CommandResult, CommandRunner } from '../command-runner';
import { PartnerDirectory } from '../partner-directory';

export type ExistingRegistration = Exclude<Registration, { status: 'None' }>;

// What every registration use case asks: the program's facts for a partner, and whether the caller may see a record.
@Injectable()
export class RegistrationRules {
  constructor(
    private readonly runner: CommandRunner,
    private readonly reader: AggregateReader,
    private readonly directory: PartnerDirectory,
    private readonly claims: CustomerClaims,
  ) {}

  async programFacts(partnerId: string, programId: string): Promise<ProgramFacts> {
    const [program, partnership] = await Promise.all([
      this.reader.load(programDecider, programStream(programId)),
      this.reader.load(partnershipDecider, partnershipStream(partnerId, programId)),
    ]);
    if (program.state.status === 'none') throw new NotFound('program_not_found', 'program not found');
    return { rules: program.state.rules, active: program.state.status === 'active', enrolled: partnership.state.status === 'active' };
  }

  // A command on one registration the caller may see: read, fold, authorize, decide, append (the shared kernel).
  run(registrationId: string, ctx: CommandContext, command: (state: ExistingRegistration) => Promise<RegistrationCommand> | RegistrationCommand): Promise<CommandResult> {
    return this.runner.run({ id: registrationId, streamId: registrationStream(registrationId), decider: registrationDecider, ctx, authorize: (state) => this.visible(ctx.actor, state), command });
  }

  // Another partner's registration is answered exactly like a missing one: the caller must not learn it exists.
  async visible(actor: Actor, state: Registration): Promise<ExistingRegistration> {
    if (state.status === 'None' || !(await this.directory.canSee(actor, state.partnerId))) {
      throw new NotFound('registration_not_found', 'deal registration not found');
    }
    return state;
  }

  // Checks the command against the rules before claiming the customer, so a refused submission claims nothing.
  async withConflicts(state: ExistingRegistration, ctx: CommandContext, type: 'SubmitRegistration' | 'ResubmitRegistration'): Promise<RegistrationCommand> {
    const facts = await this.programFacts(state.partnerId, state.programId);
    const command = { type, by: ctx.actor.userId, context: { ...facts, conflicts: [] }, now: ctx.now } as RegistrationCommand;
    registrationDecider.decide(command, state);
    const conflicts = await this.claims.claim({
      registrationId: state.registrationId,
      partnerId: state.partnerId,
      submittedAt: state.submittedAt ?? ctx.now,
      keys: conflictKeys(state.details.customer),
    }, ctx.now);
    return { type, by: ctx.actor.userId, context: { ...facts, conflicts }, now: ctx.now } as RegistrationCommand;
  }
}
