import { Provider } from '@nestjs/common';

// The command and query handlers of quotes: one use case a file, under commands/ or queries/.
export const QUOTES_HANDLERS: Provider[] = [];
