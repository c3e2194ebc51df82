// Client method names: the route method's name with the controller's record noun after its verb (`approve` on
// the deal registrations controller is `approveDealRegistration`, `changeTier` on partners `changePartnerTier`),
// a method named `list` lists the plural. The few method names that do not read well that way are named here.
interface Naming {
  noun: string;
  plural: string;
  names?: Record<string, string>;
}

const NAMING: Record<string, Naming> = {
  AuditController: { noun: 'Record', plural: 'Records', names: { history: 'getRecordHistory', asOf: 'getRecordAsOf' } },
  CasesController: { noun: 'Case', plural: 'Cases', names: { firstResponse: 'recordCaseFirstResponse', hold: 'putCaseOnHold' } },
  CaseQueries: { noun: 'Case', plural: 'Cases' },
  DealRegistrationsController: { noun: 'DealRegistration', plural: 'DealRegistrations', names: { sendForApproval: 'sendDealRegistrationForApproval' } },
  DealRegistrationQueries: { noun: 'DealRegistration', plural: 'DealRegistrations', names: { history: 'getDealRegistrationApprovalHistory' } },
  HealthController: { noun: 'Health', plural: 'Health' },
  MetricsController: { noun: 'Metrics', plural: 'Metrics', names: { metrics: 'getMetrics' } },
  OpportunitiesController: {
    noun: 'Opportunity',
    plural: 'Opportunities',
    names: { createDirect: 'createOpportunity', fromRegistration: 'convertDealRegistrationToOpportunity' },
  },
  SalesQueries: { noun: 'Opportunity', plural: 'Opportunities', names: { opportunities: 'listOpportunities', quotes: 'listQuotes', orders: 'listOrders' } },
  OpsController: { noun: 'Projection', plural: 'Projections', names: { rebuildStatus: 'getProjectionRebuild' } },
  OrdersController: { noun: 'Order', plural: 'Orders', names: { timeline: 'getOrderTimeline', start: 'startOrderFulfilment' } },
  Partner360Controller: { noun: 'Partner', plural: 'Partners', names: { partner360: 'getPartner360' } },
  PartnersController: {
    noun: 'Partner',
    plural: 'Partners',
    names: { update: 'updatePartnerProfile', changeRole: 'changePartnerMemberRole', deactivate: 'deactivatePartnerMember', pointOfContact: 'setPartnerPointOfContact' },
  },
  PartnerQueries: { noun: 'Partner', plural: 'Partners', names: { partners: 'listPartners', members: 'listMembers' } },
  PartnershipsController: { noun: 'Partnership', plural: 'Partnerships' },
  PipelineQueryController: { noun: 'Pipeline', plural: 'Pipelines', names: { pipeline: 'getPipeline' } },
  ProgramsController: { noun: 'Program', plural: 'Programs' },
  SessionController: { noun: 'Session', plural: 'Sessions', names: { me: 'getCurrentUser', demoPersonas: 'listDemoPersonas' } },
  QuotesController: { noun: 'Quote', plural: 'Quotes' },
  WebhooksController: { noun: 'Webhook', plural: 'Webhooks', names: { delivery: 'getWebhookDelivery', deliveries: 'listWebhookDeliveries' } },
};

export function operationIdOf(controller: string, method: string): string {
  const naming = NAMING[controller];
  if (!naming) throw new Error(`the OpenAPI document has no naming for ${controller}: add it to openapi/operation-ids.ts`);
  const named = naming.names?.[method];
  if (named) return named;
  if (method === 'list') return `list${naming.plural}`;
  // The verb is the method name's first word; the rest (Tier in changeTier) follows the noun.
  const [, verb, rest] = /^([a-z]+)(.*)$/.exec(method) ?? [method, method, ''];
  return `${verb}${naming.noun}${rest}`;
}
