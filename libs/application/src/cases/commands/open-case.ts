import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Actor } from '@channel-ledger/auth';
import { CaseCommand, DEFAULT_CASE_SLA, InvalidInput, programDecider, programStream } from '@channel-ledger/domain';
import { AggregateReader } from '../../aggregate-reader';
import { CommandResult } from '../../command-runner';
import { newRecordId } from '../../deterministic-id';
import { PartnerDirectory } from '../../partner-directory';
import { NewRecordCommand } from '../../record-command';
import { CaseRules } from '../cases.rules';

type OpenCaseInput = Omit<Extract<CaseCommand, { type: 'OpenCase' }>['data'], 'caseId' | 'partnerId' | 'openedBy' | 'requestedBy' | 'endCustomer'> & {
  partnerId?: string;
  requestedBy?: string;
  programId?: string;
  endCustomer?: { companyName: string; contactEmail: string };
};

// Partner staff open cases for themselves, their organisation or an end customer.
export class OpenCase extends NewRecordCommand<OpenCaseInput> {}

@CommandHandler(OpenCase)
export class OpenCaseHandler implements ICommandHandler<OpenCase> {
  constructor(
    private readonly rules: CaseRules,
    private readonly reader: AggregateReader,
    private readonly directory: PartnerDirectory,
  ) {}

  async execute({ input: body, ctx }: OpenCase): Promise<CommandResult> {
    const actor = ctx.actor as Extract<Actor, { kind: 'partner' }>;
    const partnerId = body.partnerId ?? actor.partnerId;
    if (!(await this.directory.exists(partnerId)) || !(await this.directory.canSee(actor, partnerId))) {
      throw new InvalidInput('partnerId', 'partner_not_found', 'partner not found');
    }
    const requestedBy = body.requestedBy ?? actor.userId;
    if (!(await this.directory.isActiveMember(partnerId, requestedBy))) {
      throw new InvalidInput('requestedBy', 'member_not_found', 'requestedBy must be an active staff member of the partner');
    }
    let sla = DEFAULT_CASE_SLA;
    if (body.programId) {
      const { state: program } = await this.reader.load(programDecider, programStream(body.programId));
      if (program.status === 'none') throw new InvalidInput('programId', 'program_not_found', 'program not found');
      sla = program.caseSla ?? DEFAULT_CASE_SLA;
    }
    const caseId = newRecordId('case', ctx);
    return this.rules.create(caseId, ctx, (): CaseCommand => ({
      type: 'OpenCase',
      data: {
        caseId,
        partnerId,
        openedBy: actor.userId,
        requestedBy,
        about: body.about,
        endCustomer: body.endCustomer ? { companyName: body.endCustomer.companyName, contactEmail: body.endCustomer.contactEmail } : null,
        priority: body.priority,
        subject: body.subject,
        description: body.description,
      },
      context: { sla },
      now: ctx.now,
    }));
  }
}
