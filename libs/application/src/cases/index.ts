import { Provider } from '@nestjs/common';

// The command and query handlers of cases: one use case a file, under commands/ or queries/.
export const CASES_HANDLERS: Provider[] = [];
