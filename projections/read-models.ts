import { ReadDB } from '@channel-ledger/read-store';
import { Projection } from '@channel-ledger/projection-runner';
import { ApprovalHistoryTables } from './deal-approval-history/deal-approval-history.tables';
import { dealApprovalHistoryProjection } from './deal-approval-history/deal-approval-history.projection';
import { PartnerDirectoryTables } from './partner-directory/partner-directory.tables';
import { partnerDirectoryProjection } from './partner-directory/partner-directory.projection';
import { RegistrationTables } from './registrations/registrations.tables';
import { registrationsProjection } from './registrations/registrations.projection';
import { SalesTables } from './sales/sales.tables';
import { salesProjection } from './sales/sales.projection';
import { PartnershipTables, SupportTables } from './support/support.tables';
import { casesProjection } from './support/cases.projection';
import { partnershipsProjection } from './partnerships/partnerships.projection';
import { webhookFanoutProjection } from './webhooks/webhook-fanout.projection';
import { PipelineTables } from './pipeline/pipeline.tables';
import { pipelineProjection } from './pipeline/pipeline.projection';

// Every read model's tables, for the queries that read them.
export type ReadModelsDB = ReadDB & PartnerDirectoryTables & RegistrationTables & ApprovalHistoryTables & SalesTables & SupportTables & PartnershipTables & PipelineTables;

export const allProjections = (): Projection[] => [
  partnerDirectoryProjection,
  registrationsProjection,
  dealApprovalHistoryProjection,
  salesProjection,
  casesProjection,
  partnershipsProjection,
  webhookFanoutProjection,
  pipelineProjection,
];
