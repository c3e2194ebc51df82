import { INestApplication, RequestMethod, Type } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { DECORATORS, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { AUDITABLE } from '@channel-ledger/audit';
import { ENTERPRISE_ROLES, PARTNER_ROLES, ROLES, Role } from '@channel-ledger/auth';
import { AllowRoles, Public } from '../auth/auth.guard';
import { OperationRoles } from '../session/operation-roles';
import { ReadYourWrites } from '../common/read-your-writes';
import { UuidParam } from '../common/uuid-param';
import { answerOf } from './decorators';
import { EXAMPLES } from './examples';
import { Json, POSITION_PATTERN, errorResponse, errorResponses, everyAnswer, headerParameters, problemSchema, responseHeaders } from './http';
import { operationIdOf } from './operation-ids';
import { responseSchemas } from './responses';
import { COMPONENTS, validatorSchemas } from './schemas';

const ROLES_KEY: string = AllowRoles().KEY;
const PUBLIC_KEY: string = Public().KEY;

const TAGS: Record<string, string> = {
  partners: 'Partners, their hierarchy and staff, and Partner 360.',
  programs: 'Partner programs: tiers, deal registration rules, case SLAs.',
  partnerships: 'A partner\'s enrolment in a program, with its tier.',
  'deal registrations': 'Deal registrations, from draft to approval, conversion or expiry, and their approval history.',
  opportunities: 'Opportunities.',
  quotes: 'Quotes and their approval.',
  orders: 'Orders and their fulfilment.',
  cases: 'Partner support cases and their SLAs.',
  pipeline: 'The pipeline of open registrations and opportunities.',
  webhooks: 'Partner webhook endpoints and their deliveries.',
  audit: 'A record\'s history from the log, and the record as it stood at a moment.',
  ops: 'Projections: their state, and rebuilds without downtime.',
  operations: 'Health and metrics.',
  session: 'The caller, and the demo users of the embedded default.',
};

interface Route {
  controller: Type;
  method: string;
  verb: string;
  path: string;
  handler: object;
}

const VERBS: Partial<Record<RequestMethod, string>> = {
  [RequestMethod.GET]: 'get',
  [RequestMethod.POST]: 'post',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.PATCH]: 'patch',
  [RequestMethod.DELETE]: 'delete',
};

// Every route of every controller the app serves, as Nest routes it.
function routesOf(app: INestApplication): Route[] {
  const routes: Route[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller) continue;
      const base: string = Reflect.getMetadata(PATH_METADATA, controller) ?? '';
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        const handler: unknown = Object.getOwnPropertyDescriptor(controller.prototype, method)?.value;
        if (typeof handler !== 'function' || method === 'constructor') continue;
        const path: string | undefined = Reflect.getMetadata(PATH_METADATA, handler);
        const verb = VERBS[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        if (path === undefined || !verb) continue;
        const joined = `/${[base, path].map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;
        routes.push({ controller, method, verb, path: joined.replace(/:(\w+)/g, '{$1}'), handler });
      }
    }
  }
  return routes;
}

interface Argument {
  kind: 'body' | 'query' | 'param' | 'context' | 'other';
  name?: string;
  type?: unknown;
  pipes: unknown[];
}

// The handler's parameters as Nest binds them. The one custom parameter decorator of the API is Ctx (the command
// context: the runner reads If-Match and the Idempotency-Key from it).
function argumentsOf(route: Route): Argument[] {
  const metadata: Record<string, { index: number; data?: string; pipes?: unknown[] }> = Reflect.getMetadata(ROUTE_ARGS_METADATA, route.controller, route.method) ?? {};
  const types: unknown[] = Reflect.getMetadata('design:paramtypes', route.controller.prototype, route.method) ?? [];
  return Object.entries(metadata).map(([key, arg]) => {
    const paramtype = Number(key.split(':')[0]);
    const kind = key.includes('__customRouteArgs__')
      ? 'context'
      : paramtype === RouteParamtypes.BODY
        ? 'body'
        : paramtype === RouteParamtypes.QUERY
          ? 'query'
          : paramtype === RouteParamtypes.PARAM
            ? 'param'
            : 'other';
    return { kind, name: arg.data, type: types[arg.index], pipes: arg.pipes ?? [] };
  });
}

const rolesSentence = (roles: readonly Role[]) => `Roles: ${roles.join(', ')}.`;

const PARTNER_SCOPE = 'A partner caller (partner_manager, partner_associate) sees only its own organisation\'s records; a partner manager also those of its descendants. ' +
  'Another partner\'s record answers 404, like a missing one.';

interface Built {
  operation: Json;
  schemasUsed: string[];
}

function buildOperation(route: Route, requestSchemas: Record<string, Json>, answerSchemas: Record<string, Json>): Built {
  const targets = [route.handler, route.controller];
  const isPublic = targets.some((t) => Reflect.getMetadata(PUBLIC_KEY, t) === true);
  const declared: Role[] | undefined = Reflect.getMetadata(ROLES_KEY, route.handler) ?? Reflect.getMetadata(ROLES_KEY, route.controller);
  const roles = isPublic ? [] : (declared ?? [...ROLES]);
  const args = argumentsOf(route);
  const isCommand = route.verb !== 'get';
  const runsCommand = args.some((a) => a.kind === 'context');
  const pathParams = args.filter((a) => a.kind === 'param');
  const readModel = ((Reflect.getMetadata('design:paramtypes', route.controller) ?? []) as unknown[]).includes(ReadYourWrites);
  // A route's own tag (a list kept with another context's) before its controller's.
  const tags: string[] = Reflect.getMetadata(DECORATORS.API_TAGS, route.handler) ?? Reflect.getMetadata(DECORATORS.API_TAGS, route.controller) ?? [];
  const summaryFromCode: { summary?: string; description?: string } = Reflect.getMetadata(DECORATORS.API_OPERATION, route.handler) ?? {};
  const status: number = Reflect.getMetadata(HTTP_CODE_METADATA, route.handler) ?? (route.verb === 'post' ? 201 : 200);
  const schemasUsed: string[] = [];

  const parameters: Json[] = [];
  for (const param of pathParams) {
    const uuid = param.pipes.find((p): p is UuidParam => p instanceof UuidParam);
    const schema: Json = uuid
      ? { type: 'string', format: 'uuid', ...(uuid['version'] === 4 ? { pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$' } : {}) }
      : param.name === 'resource'
        ? { type: 'string', enum: Object.keys(AUDITABLE) }
        : { type: 'string', minLength: 1 };
    const description = uuid ? `The ${param.name === 'id' ? 'record' : param.name?.replace(/Id$/, '')}'s id${uuid['version'] === 4 ? ' (a version 4 UUID)' : ''}.` : param.name === 'resource' ? 'The kind of record.' : `The ${param.name === 'name' ? 'projection\'s name' : param.name}.`;
    parameters.push({ name: param.name, in: 'path', required: true, description, schema });
  }
  for (const query of args.filter((a) => a.kind === 'query')) {
    const name = (query.type as { name?: string } | undefined)?.name ?? '';
    const schema = requestSchemas[name];
    if (!schema) throw new Error(`no schema for the query class ${name} of ${route.controller.name}.${route.method}`);
    const required = new Set((schema.required as string[] | undefined) ?? []);
    for (const [field, fieldSchema] of Object.entries((schema.properties as Record<string, Json>) ?? {})) {
      const schemaOf = field === 'minPosition' ? { type: 'string', pattern: POSITION_PATTERN } : fieldSchema;
      const description = field === 'minPosition' ? 'The same as the X-Min-Position header.' : queryDescriptions[field];
      parameters.push({ name: field, in: 'query', required: required.has(field), ...(description ? { description } : {}), schema: schemaOf });
    }
  }
  // Read-your-writes reads the minPosition query parameter on every read-model query, declared in its query class
  // or not.
  if (readModel && !parameters.some((p) => p.name === 'minPosition')) {
    parameters.push({ name: 'minPosition', in: 'query', required: false, description: 'The same as the X-Min-Position header.', schema: { type: 'string', pattern: POSITION_PATTERN } });
  }
  const header = (name: string) => ({ $ref: `#/components/parameters/${name}` });
  if (!isPublic && isCommand) parameters.push(header('IdempotencyKey'));
  if (runsCommand && pathParams.length > 0) parameters.push(header('IfMatch'));
  if (readModel) parameters.push(header('MinPosition'));
  parameters.push(header('RequestId'), header('CorrelationId'));

  const body = args.find((a) => a.kind === 'body');
  let requestBody: Json | undefined;
  if (body) {
    const name = (body.type as { name?: string } | undefined)?.name ?? '';
    if (!requestSchemas[name]) throw new Error(`no schema for the body class ${name} of ${route.controller.name}.${route.method}`);
    schemasUsed.push(name);
    const example = EXAMPLES.requests[operationIdOf(route.controller.name, route.method)];
    requestBody = { required: true, content: { 'application/json': { schema: { $ref: `${COMPONENTS}${name}` }, ...(example ? { examples: example } : {}) } } };
  }

  const responses: Json = {};
  const answer = answerOf(route.handler);
  const operationId = operationIdOf(route.controller.name, route.method);
  if (answer) {
    if (!answerSchemas[answer.type]) throw new Error(`no response schema ${answer.type} (run scripts/openapi-responses.js)`);
    const code = answer.status ?? status;
    const examples = EXAMPLES.responses[operationId];
    const content: Json = answer.text
      ? { 'text/plain': { schema: { type: 'string', description: answer.text } } }
      : { 'application/json': { schema: { $ref: `${COMPONENTS}${answer.type}` }, ...(examples ? { examples } : {}) } };
    for (const alternative of answer.alternatives ?? []) content[alternative.mediaType] = { schema: { type: 'string', description: alternative.description } };
    const headers = runsCommand ? commandHeaders() : everyAnswer();
    responses[String(code)] = { description: answer.text ? 'The answer, as text.' : `The answer: ${answer.type}.`, headers, content };
    for (const also of answer.alsoOn ?? []) responses[String(also)] = { description: `The same answer, with status ${also}.`, headers, content };
    if (!answer.text) schemasUsed.push(answer.type);
  } else if (status === 204) {
    responses['204'] = { description: 'Done; no content.', headers: everyAnswer() };
  } else if (runsCommand) {
    const created = status === 201;
    const examples = EXAMPLES.responses[operationId];
    responses[String(status)] = {
      description: created ? 'Created: the new record\'s id, version and log position.' : 'Changed: the record\'s id, its new version and the log position.',
      headers: commandHeaders(),
      content: { 'application/json': { schema: { $ref: `${COMPONENTS}CommandResult` }, ...(examples ? { examples } : {}) } },
    };
  } else {
    throw new Error(`${route.controller.name}.${route.method} answers with a type the document does not know: give it @Answers(...)`);
  }

  // The errors this kind of route can answer (see common/exception.filter.ts and who throws each).
  const errors = new Set<number>();
  const hasInput = parameters.some((p) => p.in === 'path' || p.in === 'query') || !!body || (!isPublic && isCommand) || readModel;
  if (hasInput) errors.add(400);
  // Every route reads the database: 503 while it does not answer (and, with X-Min-Position, while the read models lag).
  errors.add(503);
  if (!isPublic) [401, 429].forEach((s) => errors.add(s));
  if (declared && !isPublic) errors.add(403);
  if (pathParams.length > 0) errors.add(404);
  if (!isPublic && isCommand) [409, 413, 415, 422].forEach((s) => errors.add(s));
  if (runsCommand && pathParams.length > 0) errors.add(412);
  if (answer?.fromLog) errors.add(409);
  for (const code of [...errors].sort()) if (!responses[String(code)]) responses[String(code)] = errorResponse(code);

  const visibility = !isCommand && !isPublic && roles.some((r) => (PARTNER_ROLES as readonly string[]).includes(r)) ? ` ${PARTNER_SCOPE}` : '';
  const who = isPublic ? 'Public: no token needed.' : rolesSentence(roles);
  const description = [summaryFromCode.description, `${who}${visibility}`].filter(Boolean).join('\n\n');
  return {
    operation: {
      operationId,
      summary: summaryFromCode.summary ?? summaryOf(operationId),
      description,
      tags,
      ...(isPublic ? { security: [] } : {}),
      'x-roles': roles,
      parameters,
      ...(requestBody ? { requestBody } : {}),
      responses,
    },
    schemasUsed,
  };
}

// A command's answer: its version as the ETag, and whether it repeats an earlier one.
const commandHeaders = () => ({ ...everyAnswer(), ETag: { $ref: '#/components/headers/ETag' }, 'Idempotent-Replayed': { $ref: '#/components/headers/IdempotentReplayed' } });

// `approveDealRegistration` reads as "Approve deal registration".
function summaryOf(operationId: string): string {
  const words = operationId.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const queryDescriptions: Record<string, string> = {
  limit: 'Page size (1 to 100).',
  cursor: 'The `nextCursor` of the previous page of the same list, sort and order.',
  order: 'Sort direction.',
  sort: 'What the list is sorted by.',
};

// Component schemas that are referenced, following $refs through request and answer schemas.
function reachable(roots: string[], all: Record<string, Json>): Record<string, Json> {
  const seen = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string' && child.startsWith(COMPONENTS)) add(child.slice(COMPONENTS.length));
      else visit(child);
    }
  };
  const add = (name: string) => {
    if (seen.has(name)) return;
    if (!all[name]) throw new Error(`the OpenAPI document refers to a schema it does not have: ${name}`);
    seen.add(name);
    visit(all[name]);
  };
  roots.forEach(add);
  return Object.fromEntries([...seen].sort().map((name) => [name, all[name]]));
}

// The OpenAPI 3.1 document of the API, built from the code: the routes Nest serves, the validators of their DTOs,
// the roles they allow, the headers the API reads and sends, and the answer types of scripts/openapi-responses.js.
export function buildDocument(app: INestApplication): Json {
  const routes = routesOf(app);
  const inputs = routes.flatMap((route) => argumentsOf(route).filter((a) => a.kind === 'body' || a.kind === 'query').map((a) => a.type));
  const requestSchemas = validatorSchemas(inputs.filter((type): type is Function => typeof type === 'function'));
  const answerSchemas = responseSchemas();
  const paths: Record<string, Record<string, Json>> = {};
  const used = new Set<string>(['CommandResult', 'Problem']);
  const ids = new Map<string, string>();
  for (const route of routes.sort((a, b) => a.path.localeCompare(b.path))) {
    const { operation, schemasUsed } = buildOperation(route, requestSchemas, answerSchemas);
    const id = String(operation.operationId);
    const clash = ids.get(id);
    if (clash) throw new Error(`operationId ${id} names both ${clash} and ${route.controller.name}.${route.method}`);
    ids.set(id, `${route.controller.name}.${route.method}`);
    schemasUsed.forEach((s) => used.add(s));
    (paths[route.path] ??= {})[route.verb] = operation;
  }
  const schemas = reachable([...used], { ...requestSchemas, ...answerSchemas, Problem: problemSchema });
  return {
    openapi: '3.1.0',
    info: {
      title: 'Channel Ledger API',
      version: '0.1.0',
      summary: 'Event-sourced partner relationship management.',
      description:
        'Channel Ledger runs an enterprise\'s partner channel: partners and their hierarchies, programs and tiers, deal registrations, opportunities, quotes, orders and partner support cases.\n\n' +
        'Commands append events to a log and answer with the record\'s `id`, its new `version` (also as the ETag, for If-Match) and the log `position` (for X-Min-Position). ' +
        'Queries read projections of the log; pass the position a command answered with as X-Min-Position to read your own writes.\n\n' +
        `Every operation except health, metrics, the demo users and the documents needs a bearer token. Enterprise roles: ${ENTERPRISE_ROLES.join(', ')}. ` +
        `Partner roles: ${PARTNER_ROLES.join(', ')}; partner callers see their own organisation (partner managers also its descendants). ` +
        'Each operation lists its roles in its description and in `x-roles`. Errors have one shape, Problem.',
      contact: { name: 'Channel Ledger maintainers' },
      license: { name: 'UNLICENSED', identifier: 'LicenseRef-UNLICENSED' },
    },
    // Relative: the instance that serves this document (http://localhost:3000 when run with npm start).
    servers: [{ url: '/', description: 'The instance serving this document' }],
    security: [{ bearer: [] }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A JWT from the identity provider (or `npm run prm -- token`).' } },
      schemas,
      parameters: headerParameters,
      headers: responseHeaders,
      responses: errorResponses(),
    },
  };
}

// Serves the document at /docs-json and its UI at /docs.
export function setupOpenApi(app: INestApplication): void {
  // The served document is plain JSON; swagger's types are those of OpenAPI 3.0, which cannot spell 3.1's type
  // arrays, so the document goes through JSON on its way there.
  const document: OpenAPIObject = JSON.parse(JSON.stringify(buildDocument(app)));
  app.get(OperationRoles).load(document as never);
  SwaggerModule.setup('docs', app, document);
}
