import { Provider } from '@nestjs/common';

// The command and query handlers of pipeline: one use case a file, under commands/ or queries/.
export const PIPELINE_HANDLERS: Provider[] = [];
