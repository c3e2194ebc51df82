import { Provider } from '@nestjs/common';
import { AuditReadRepository } from './audit.read-repository';
import { GetRecordAsOf, GetRecordAsOfHandler } from './queries/get-record-as-of';
import { GetRecordHistory, GetRecordHistoryHandler } from './queries/get-record-history';

export { AuditReadRepository, GetRecordAsOf, GetRecordHistory };

// The command and query handlers of audit: one use case a file, under commands/ or queries/.
export const AUDIT_HANDLERS: Provider[] = [AuditReadRepository, GetRecordAsOfHandler, GetRecordHistoryHandler];
