import { Provider } from '@nestjs/common';

// The command and query handlers of deal-registrations: one use case a file, under commands/ or queries/.
export const DEAL_REGISTRATIONS_HANDLERS: Provider[] = [];
