import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Program, programDecider, programStream } from '@channel-ledger/domain';
import { AggregateReader } from '../../aggregate-reader';
import { ProgramRules } from '../programs.rules';

// One program as its stream folds now, with its version for If-Match. Every signed-in user may read it.
export class GetProgram extends Query<Program & { version: number }> {
  constructor(readonly programId: string) {
    super();
  }
}

@QueryHandler(GetProgram)
export class GetProgramHandler implements IQueryHandler<GetProgram> {
  constructor(
    private readonly reader: AggregateReader,
    private readonly rules: ProgramRules,
  ) {}

  async execute({ programId }: GetProgram): Promise<Program & { version: number }> {
    const { state, version } = await this.reader.load(programDecider, programStream(programId));
    return { ...this.rules.existing(state), version };
  }
}
