import { Provider } from '@nestjs/common';
import { OpportunityRules } from './opportunities.rules';
import { ChangeStage, ChangeStageHandler } from './commands/change-stage';
import { CloseLost, CloseLostHandler } from './commands/close-lost';
import { CloseWon, CloseWonHandler } from './commands/close-won';
import { ConvertRegistration, ConvertRegistrationHandler } from './commands/convert-registration';
import { CreateOpportunity, CreateOpportunityHandler } from './commands/create-opportunity';
import { UpdateOpportunityLines, UpdateOpportunityLinesHandler } from './commands/update-opportunity-lines';
import { GetOpportunity, GetOpportunityHandler } from './queries/get-opportunity';
import { ListOpportunities, ListOpportunitiesHandler } from './queries/list-opportunities';
import { OpportunityReadRepository } from './opportunities.read-repository';

export { OpportunityRules };
export { ChangeStage, CloseLost, CloseWon, ConvertRegistration, CreateOpportunity, UpdateOpportunityLines, GetOpportunity, ListOpportunities };

// The command and query handlers of opportunities: one use case a file, under commands/ or queries/.
export const OPPORTUNITIES_HANDLERS: Provider[] = [
  OpportunityRules,
  ChangeStageHandler,
  CloseLostHandler,
  CloseWonHandler,
  ConvertRegistrationHandler,
  CreateOpportunityHandler,
  UpdateOpportunityLinesHandler,
  GetOpportunityHandler,
  OpportunityReadRepository,
  ListOpportunitiesHandler,
];
