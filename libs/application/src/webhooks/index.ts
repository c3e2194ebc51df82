import { Provider } from '@nestjs/common';

// The command and query handlers of webhooks: one use case a file, under commands/ or queries/.
export const WEBHOOKS_HANDLERS: Provider[] = [];
