import { Provider } from '@nestjs/common';
import { RegistrationRules } from './deal-registrations.rules';
import { ApproveRegistration, ApproveRegistrationHandler } from './commands/approve-registration';
import { CancelRegistration, CancelRegistrationHandler } from './commands/cancel-registration';
import { DraftRegistration, DraftRegistrationHandler } from './commands/draft-registration';
import { EditRegistration, EditRegistrationHandler } from './commands/edit-registration';
import { EscalateApproval, EscalateApprovalHandler } from './commands/escalate-approval';
import { ExpireRegistration, ExpireRegistrationHandler } from './commands/expire-registration';
import { GrantExtension, GrantExtensionHandler } from './commands/grant-extension';
import { RejectRegistration, RejectRegistrationHandler } from './commands/reject-registration';
import { RequestExtension, RequestExtensionHandler } from './commands/request-extension';
import { RequestInfo, RequestInfoHandler } from './commands/request-info';
import { ResubmitRegistration, ResubmitRegistrationHandler } from './commands/resubmit-registration';
import { SendForApproval, SendForApprovalHandler } from './commands/send-for-approval';
import { StartReview, StartReviewHandler } from './commands/start-review';
import { SubmitRegistration, SubmitRegistrationHandler } from './commands/submit-registration';
import { WithdrawRegistration, WithdrawRegistrationHandler } from './commands/withdraw-registration';
import { GetRegistration, GetRegistrationHandler } from './queries/get-registration';
import { ListRegistrations, ListRegistrationsHandler } from './queries/list-registrations';
import { GetApprovalHistory, GetApprovalHistoryHandler } from './queries/get-approval-history';
import { RegistrationReadRepository } from './deal-registrations.read-repository';

export { RegistrationRules } from './deal-registrations.rules';
export { EscalateApprovalHandler, ExpireRegistrationHandler };
export { ApproveRegistration, CancelRegistration, DraftRegistration, EditRegistration, EscalateApproval, ExpireRegistration, GrantExtension, RejectRegistration, RequestExtension, RequestInfo, ResubmitRegistration, SendForApproval, StartReview, SubmitRegistration, WithdrawRegistration, GetRegistration, ListRegistrations, GetApprovalHistory };
export type { RegistrationListFilter } from './deal-registrations.read-repository';

// The command and query handlers of deal-registrations: one use case a file, under commands/ or queries/.
export const DEAL_REGISTRATIONS_HANDLERS: Provider[] = [
  RegistrationRules,
  ApproveRegistrationHandler,
  CancelRegistrationHandler,
  DraftRegistrationHandler,
  EditRegistrationHandler,
  EscalateApprovalHandler,
  ExpireRegistrationHandler,
  GrantExtensionHandler,
  RejectRegistrationHandler,
  RequestExtensionHandler,
  RequestInfoHandler,
  ResubmitRegistrationHandler,
  SendForApprovalHandler,
  StartReviewHandler,
  SubmitRegistrationHandler,
  WithdrawRegistrationHandler,
  GetRegistrationHandler,
  RegistrationReadRepository,
  ListRegistrationsHandler,
  GetApprovalHistoryHandler,
];
