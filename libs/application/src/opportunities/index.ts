import { Provider } from '@nestjs/common';

// The command and query handlers of opportunities: one use case a file, under commands/ or queries/.
export const OPPORTUNITIES_HANDLERS: Provider[] = [];
