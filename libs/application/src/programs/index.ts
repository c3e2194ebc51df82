import { Provider } from '@nestjs/common';
import { ProgramRules } from './programs.rules';
import { CreateProgram, CreateProgramHandler } from './commands/create-program';
import { LinkSegments, LinkSegmentsHandler } from './commands/link-segments';
import { RetireProgram, RetireProgramHandler } from './commands/retire-program';
import { SetCaseSla, SetCaseSlaHandler } from './commands/set-case-sla';
import { UpdateProgramRules, UpdateProgramRulesHandler } from './commands/update-program-rules';
import { GetProgram, GetProgramHandler } from './queries/get-program';

export { ProgramRules };
export { CreateProgram, LinkSegments, RetireProgram, SetCaseSla, UpdateProgramRules, GetProgram };

// The command and query handlers of programs: one use case a file, under commands/ or queries/.
export const PROGRAMS_HANDLERS: Provider[] = [
  ProgramRules,
  CreateProgramHandler,
  LinkSegmentsHandler,
  RetireProgramHandler,
  SetCaseSlaHandler,
  UpdateProgramRulesHandler,
  GetProgramHandler,
];
