import type { CommandResult, StaffMemberRegistered } from './shared.responses';
import type { ApprovalHistory, DealRegistration, DealRegistrationList } from '../deal-registrations/deal-registrations.responses';
import type { Case, CaseList } from '../cases/cases.responses';
import type { MemberList, Partner, Partner360, PartnerList } from '../partners/partners.responses';
import type { Opportunity, OpportunityList, OrderList, QuoteList } from '../opportunities/opportunities.responses';
import type { Quote } from '../quotes/quotes.responses';
import type { Order, OrderTimeline } from '../orders/orders.responses';
import type { Program } from '../programs/programs.responses';
import type { Pipeline } from '../pipeline/pipeline.responses';
import type { ProjectionList, Rebuild, RebuildStarted } from '../ops/ops.responses';
import type { WebhookDelivery, WebhookDeliveryList, WebhookEndpoint, WebhookList } from '../webhooks/webhooks.responses';
import type { RecordAsOf, RecordHistory } from '../audit/audit.responses';
import type { HealthReport, ReadinessReport } from '../health/health.responses';
import type { Metrics } from '../metrics/metrics.responses';
import type { CurrentUser, DemoPersonaList } from '../session/session.responses';

// Every answer type the document knows, each under its own name: @Answers takes one of these names, and
// scripts/openapi-responses.js generates each one's schema under it.
export interface ResponseTypes {
  CommandResult: CommandResult;
  StaffMemberRegistered: StaffMemberRegistered;
  Partner: Partner;
  PartnerList: PartnerList;
  MemberList: MemberList;
  Partner360: Partner360;
  CurrentUser: CurrentUser;
  DemoPersonaList: DemoPersonaList;
  DealRegistration: DealRegistration;
  DealRegistrationList: DealRegistrationList;
  ApprovalHistory: ApprovalHistory;
  Case: Case;
  CaseList: CaseList;
  Opportunity: Opportunity;
  OpportunityList: OpportunityList;
  QuoteList: QuoteList;
  OrderList: OrderList;
  Quote: Quote;
  Order: Order;
  OrderTimeline: OrderTimeline;
  Program: Program;
  Pipeline: Pipeline;
  ProjectionList: ProjectionList;
  Rebuild: Rebuild;
  RebuildStarted: RebuildStarted;
  WebhookEndpoint: WebhookEndpoint;
  WebhookList: WebhookList;
  WebhookDelivery: WebhookDelivery;
  WebhookDeliveryList: WebhookDeliveryList;
  RecordHistory: RecordHistory;
  RecordAsOf: RecordAsOf;
  HealthReport: HealthReport;
  ReadinessReport: ReadinessReport;
  Metrics: Metrics;
}
