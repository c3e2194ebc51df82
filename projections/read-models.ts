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
import { PartnerKpiTables } from './partner-kpis/partner-kpis.tables';
import { partnerKpisProjection } from './partner-kpis/partner-kpis.projection';
import { webhookFanoutProjection } from './webhooks/webhook-fanout.projection';

// Every read model's tables, for the queries that read them.
export type ReadModelsDB = ReadDB & PartnerDirectoryTables & RegistrationTables & ApprovalHistoryTables & SalesTables & SupportTables & PartnershipTables & PartnerKpiTables;

export const allProjections = (): Projection[] => [
  partnerDirectoryProjection,
  registrationsProjection,
  dealApprovalHistoryProjection,
  salesProjection,
  casesProjection,
  partnershipsProjection,
  partnerKpisProjection,
  webhookFanoutProjection,
];
