import { Provider } from '@nestjs/common';

// The command and query handlers of partners: one use case a file, under commands/ or queries/.
export const PARTNERS_HANDLERS: Provider[] = [];
