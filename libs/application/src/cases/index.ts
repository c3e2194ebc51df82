import { Provider } from '@nestjs/common';
import { CaseRules } from './cases.rules';
import { CaseReadRepository } from './cases.read-repository';
import { AssignCase, AssignCaseHandler } from './commands/assign-case';
import { CloseCase, CloseCaseHandler } from './commands/close-case';
import { OpenCase, OpenCaseHandler } from './commands/open-case';
import { PutCaseOnHold, PutCaseOnHoldHandler } from './commands/put-case-on-hold';
import { RecordFirstResponse, RecordFirstResponseHandler } from './commands/record-first-response';
import { ReopenCase, ReopenCaseHandler } from './commands/reopen-case';
import { ResolveCase, ResolveCaseHandler } from './commands/resolve-case';
import { ResumeCase, ResumeCaseHandler } from './commands/resume-case';
import { GetCase, GetCaseHandler } from './queries/get-case';
import { ListCases, ListCasesHandler } from './queries/list-cases';

export { CaseRules };
export { slaBreachSql } from './cases.read-repository';
export type { CaseListFilter } from './cases.read-repository';
export { AssignCase, CloseCase, OpenCase, PutCaseOnHold, RecordFirstResponse, ReopenCase, ResolveCase, ResumeCase, GetCase, ListCases };

// The command and query handlers of cases: one use case a file, under commands/ or queries/.
export const CASES_HANDLERS: Provider[] = [
  CaseRules,
  AssignCaseHandler,
  CloseCaseHandler,
  OpenCaseHandler,
  PutCaseOnHoldHandler,
  RecordFirstResponseHandler,
  ReopenCaseHandler,
  ResolveCaseHandler,
  ResumeCaseHandler,
  GetCaseHandler,
  CaseReadRepository,
  ListCasesHandler,
];
