import { Provider } from '@nestjs/common';

// The command and query handlers of partner-360: one use case a file, under commands/ or queries/.
export const PARTNER_360_HANDLERS: Provider[] = [];
