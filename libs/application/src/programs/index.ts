import { Provider } from '@nestjs/common';

// The command and query handlers of programs: one use case a file, under commands/ or queries/.
export const PROGRAMS_HANDLERS: Provider[] = [];
