import { Provider } from '@nestjs/common';

// The command and query handlers of audit: one use case a file, under commands/ or queries/.
export const AUDIT_HANDLERS: Provider[] = [];
