import { Provider } from '@nestjs/common';

// The command and query handlers of partnerships: one use case a file, under commands/ or queries/.
export const PARTNERSHIPS_HANDLERS: Provider[] = [];
