import { UuidParam } from '../common/uuid-param';
import { IsDateOrDateTime } from '../common/validation';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { FastifyReply } from 'fastify';
import { InvalidInput } from '@channel-ledger/domain';
import { GetRecordAsOf, GetRecordHistory } from '@channel-ledger/application/audit';
import { exportEntries } from '@channel-ledger/audit';
import { Role } from '@channel-ledger/auth';
import { Answers } from '../openapi/decorators';
import { AllowRoles } from '../auth/auth.guard';

// Read-only, every partner: auditors, and the enterprise roles that answer to them.
const AUDIT_ROLES: Role[] = ['auditor', 'admin', 'channel_manager', 'approver'];

export class HistoryQuery {
  @IsOptional() @IsIn(['json', 'jsonl', 'csv']) format?: 'json' | 'jsonl' | 'csv';
}

export class AsOfQuery {
  @IsDateOrDateTime() at!: string;
}

const CONTENT_TYPES = { jsonl: 'application/x-ndjson; charset=utf-8', csv: 'text/csv; charset=utf-8' };

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1')
export class AuditController {
  constructor(private readonly queries: QueryBus) {}

  // Every event of the record from the log, and whether its hash chain holds. ?format=jsonl or csv exports it.
  @Get(':resource/:id/history')
  @Answers('RecordHistory', { alternatives: [{ mediaType: 'application/x-ndjson', description: 'With format=jsonl: one event per line, as JSON.' }, { mediaType: 'text/csv', description: 'With format=csv: one event per row.' }] })
  @AllowRoles(...AUDIT_ROLES)
  async history(@Param('resource') resource: string, @Param('id', new UuidParam()) id: string, @Query() query: HistoryQuery, @Res({ passthrough: true }) res: FastifyReply) {
    const history = await this.queries.execute(new GetRecordHistory(resource, id));
    if (query.format === undefined || query.format === 'json') return history;
    res.header('Content-Type', CONTENT_TYPES[query.format]);
    res.header('Content-Disposition', `attachment; filename="${history.streamId}.${query.format}"`);
    return exportEntries(history.events, query.format);
  }

  // The record as it stood at a moment: its events recorded up to then, folded.
  @Get(':resource/:id/as-of')
  @Answers('RecordAsOf')
  @AllowRoles(...AUDIT_ROLES)
  asOf(@Param('resource') resource: string, @Param('id', new UuidParam()) id: string, @Query() query: AsOfQuery) {
    const at = new Date(query.at);
    if (Number.isNaN(at.getTime())) throw new InvalidInput('at', 'invalid_time', 'at must be an ISO 8601 time');
    return this.queries.execute(new GetRecordAsOf(resource, id, at));
  }
}
