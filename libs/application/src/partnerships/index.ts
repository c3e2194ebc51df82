import { Provider } from '@nestjs/common';
import { PartnershipRules } from './partnerships.rules';
import { ChangePartnershipTier, ChangePartnershipTierHandler } from './commands/change-partnership-tier';
import { EndPartnership, EndPartnershipHandler } from './commands/end-partnership';
import { StartPartnership, StartPartnershipHandler } from './commands/start-partnership';

export { PartnershipRules };
export { ChangePartnershipTier, EndPartnership, StartPartnership };

// The command and query handlers of partnerships: one use case a file, under commands/ or queries/.
export const PARTNERSHIPS_HANDLERS: Provider[] = [PartnershipRules, ChangePartnershipTierHandler, EndPartnershipHandler, StartPartnershipHandler];
