import { Provider } from '@nestjs/common';

// The command and query handlers of ops: one use case a file, under commands/ or queries/.
export const OPS_HANDLERS: Provider[] = [];
