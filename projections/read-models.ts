import { ReadDB, ReadStoreMigrations, combineMigrations } from '@channel-ledger/read-store';
import { Projection } from '@channel-ledger/projection-runner';
import { ApprovalHistoryTables } from './deal-approval-history/deal-approval-history.tables';
import { dealApprovalHistoryProjection } from './deal-approval-history/deal-approval-history.projection';
import { PartnerDirectoryTables } from './partner-directory/partner-directory.tables';
import { partnerDirectoryProjection } from './partner-directory/partner-directory.projection';
import { RegistrationTables } from './registrations/registrations.tables';
import { registrationsProjection } from './registrations/registrations.projection';
import { SalesTables } from './sales/sales.tables';
import { salesProjection } from './sales/sales.projection';
import { SupportTables } from './support/support.tables';
import { PartnershipTables } from './partnerships/partnerships.tables';
import { casesProjection } from './support/cases.projection';
import { partnershipsProjection } from './partnerships/partnerships.projection';
import { PartnerKpiTables } from './partner-kpis/partner-kpis.tables';
import { partnerKpisProjection } from './partner-kpis/partner-kpis.projection';
import { webhookFanoutProjection } from './webhooks/webhook-fanout.projection';
import { partnerDirectoryMigrations } from './partner-directory/partner-directory.migration';
import { registrationsMigrations } from './registrations/registrations.migration';
import { dealApprovalHistoryMigrations } from './deal-approval-history/deal-approval-history.migration';
import { partnershipsMigrations } from './partnerships/partnerships.migration';
import { salesMigrations } from './sales/sales.migration';
import { casesMigrations } from './support/cases.migration';
import { partnerKpisMigrations } from './partner-kpis/partner-kpis.migration';
import { pipelineMigrations } from './pipeline/pipeline.migration';
import { PipelineTables } from './pipeline/pipeline.tables';
import { pipelineProjection } from './pipeline/pipeline.projection';

// Every read model's tables, for the queries that read them.
export type ReadModelsDB = ReadDB & PartnerDirectoryTables & RegistrationTables & ApprovalHistoryTables & SalesTables & SupportTables & PartnershipTables & PartnerKpiTables & PipelineTables;

export const allProjections = (): Projection[] => [
  partnerDirectoryProjection,
  registrationsProjection,
  dealApprovalHistoryProjection,
  salesProjection,
  casesProjection,
  partnershipsProjection,
  partnerKpisProjection,
  webhookFanoutProjection,
  pipelineProjection,
];

// Every read model's migrations, for whoever migrates the read store (`migrateReadStore(db, readModelMigrations)`).
// Migrations that once made the tables of several read models keep their names, each read model holding its part;
// the parts run in this order (down in reverse), the order the statements had in the one migration.
export const readModelMigrations: ReadStoreMigrations = combineMigrations(
  partnerDirectoryMigrations,
  registrationsMigrations,
  dealApprovalHistoryMigrations,
  partnershipsMigrations,
  salesMigrations,
  casesMigrations,
  pipelineMigrations,
  partnerKpisMigrations,
);
