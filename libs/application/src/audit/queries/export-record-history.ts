import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { AuditExportFormat, auditEntry, exportEntries } from '@channel-ledger/audit';
import { AuditReadRepository } from '../audit.read-repository';
import { recordHistory } from './get-record-history';

type Export = { streamId: string; text: string };

// The same history as a file for the auditor's own tools: JSON lines or CSV.
export class ExportRecordHistory extends Query<Export> {
  constructor(
    readonly resource: string,
    readonly recordId: string,
    readonly format: AuditExportFormat,
  ) {
    super();
  }
}

@QueryHandler(ExportRecordHistory)
export class ExportRecordHistoryHandler implements IQueryHandler<ExportRecordHistory> {
  constructor(private readonly audit: AuditReadRepository) {}

  async execute({ resource, recordId, format }: ExportRecordHistory): Promise<Export> {
    const { streamId, events } = await recordHistory(this.audit, resource, recordId);
    return { streamId, text: exportEntries(events.map(auditEntry), format) };
  }
}
