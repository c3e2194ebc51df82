import { Provider } from '@nestjs/common';
import { Partner360ReadRepository } from './partner-360.read-repository';
import { GetPartner360, GetPartner360Handler } from './queries/get-partner-360';

export { GetPartner360 };

// The query handlers of Partner 360, over its read repository.
export const PARTNER_360_HANDLERS: Provider[] = [Partner360ReadRepository, GetPartner360Handler];
