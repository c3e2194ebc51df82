import { Injectable } from '@nestjs/common';
import { Actor } from '@channel-ledger/auth';
import { NotFound, SupportCase, CaseCommand, caseStream, caseDecider } from '@channel-ledger/domain';
import { CommandContext } from '../command-context';
import { CommandResult, CommandRunner } from '../command-runner';
import { PartnerDirectory } from '../partner-directory';

export type ExistingCase = Exclude<SupportCase, { status: 'None' }>;

// What every case use case asks: whether the caller may see the case.
@Injectable()
export class CaseRules {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: PartnerDirectory,
  ) {}

  // A command on one supportcase the caller may see: read, fold, authorize, decide, append (the shared kernel).
  run(caseId: string, ctx: CommandContext, command: (state: ExistingCase) => Promise<CaseCommand> | CaseCommand): Promise<CommandResult> {
    return this.runner.run({ id: caseId, streamId: caseStream(caseId), decider: caseDecider, ctx, authorize: (state) => this.visible(ctx.actor, state), command });
  }

  async visible(actor: Actor, state: SupportCase): Promise<ExistingCase> {
    if (state.status === 'None' || !(await this.directory.canSee(actor, state.partnerId))) throw new NotFound('case_not_found', 'case not found');
    return state;
  }
}
