import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { IncomingMessage, ServerResponse } from 'node:http';
import { DASHBOARD_PATH } from '../../apps/api/src/ops/queue-dashboard';

// Checks answers the way a client generated from the API's OpenAPI document reads them: the operation the method
// and path name, the status among its documented responses, the content type among that response's, a JSON body
// against its schema, and the documented headers. The end-to-end tests run every answer of the app through it
// (test-app.ts).

// What the check reads of an OpenAPI document (3.1, or 3.0 with `nullable`).
export interface OpenApiDocument {
  openapi: string;
  paths?: Record<string, Record<string, unknown>>;
  components?: Record<string, unknown>;
}

// One answer as the server sent it.
export interface Answer {
  method: string;
  path: string;
  status: number;
  contentType: string | undefined;
  // Header names in lower case.
  headers: Record<string, string>;
  body: string;
}

export interface SchemaMismatch {
  method: string;
  path: string;
  status: number;
  // The documented path template the answer was matched to, if any.
  template?: string;
  problem: string;
  errors?: string[];
  // The start of the body, to tell which side is wrong.
  body?: string;
}

interface Operation {
  responses?: Record<string, unknown>;
}

interface ResponseObject {
  $ref?: string;
  content?: Record<string, { schema?: unknown }>;
  headers?: Record<string, HeaderObject>;
}

interface HeaderObject {
  $ref?: string;
  required?: boolean;
  schema?: { type?: unknown };
}

interface Problem {
  problem: string;
  errors?: string[];
}

interface PathRoute {
  template: string;
  pattern: RegExp;
  // Per segment, 0 for a literal and 1 for a parameter: a literal segment is the more specific match.
  rank: number[];
  methods: Record<string, Operation>;
}

// Answers no operation describes on purpose: the document itself and its UI, the job dashboard (HTML) and the
// workspace web app's files.
const UNCHECKED = [/^\/docs(-json|-yaml)?(\/|$)/, new RegExp(`^${DASHBOARD_PATH}(/|$)`), /^\/workspace(\/|$|\?)/];

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const DOCUMENT_KEY = 'https://channel-ledger.test/openapi.json';
const BODY_EXCERPT = 400;

export class OpenApiChecker {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
  private readonly routes: PathRoute[];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenApiDocument) {
    addFormats(this.ajv);
    // The whole document is one schema resource, so `#/components/schemas/...` refs resolve from its root and each
    // response schema is compiled on first use, once.
    this.ajv.addSchema(document.openapi.startsWith('3.0') ? fromOpenApi30(document) : document, DOCUMENT_KEY);
    this.routes = Object.entries(document.paths ?? {})
      .map(([template, item]) => routeOf(template, item))
      .sort((a, b) => compareRanks(a.rank, b.rank));
  }

  // The mismatch of one answer with the document, if any.
  check(answer: Answer): SchemaMismatch | undefined {
    const path = answer.path.length > 1 ? answer.path.replace(/\/+$/, '') : answer.path;
    if (UNCHECKED.some((pattern) => pattern.test(path))) return undefined;
    const method = answer.method.toLowerCase() === 'head' ? 'get' : answer.method.toLowerCase();
    const route = this.routes.find((r) => r.pattern.test(path) && r.methods[method]);
    const mismatch = (problem: string, errors?: string[]): SchemaMismatch => ({
      method: answer.method,
      path: answer.path,
      status: answer.status,
      template: route?.template,
      problem,
      ...(errors ? { errors } : {}),
      ...(answer.body ? { body: answer.body.slice(0, BODY_EXCERPT) } : {}),
    });
    if (!route) {
      // The router's own answer to a path or method it has no route for (and to OPTIONS, which lists the methods a
      // path has): no operation could describe it.
      if (answer.status === 404 || answer.status === 405 || (method === 'options' && answer.status === 204)) return undefined;
      return mismatch('no operation in the document for this method and path');
    }
    // An Expect header the server cannot meet is refused (417) before any route runs, whatever the route: the README
    // lists it with the other answers no single operation gives.
    if (answer.status === 417) return undefined;
    const responses = route.methods[method].responses ?? {};
    const key = [String(answer.status), `${String(answer.status)[0]}XX`, 'default'].find((k) => k in responses);
    if (!key) return mismatch(`status ${answer.status} is not documented for this operation (documented: ${Object.keys(responses).join(', ') || 'none'})`);
    let pointer = ['paths', route.template, method, 'responses', key];
    let response = responses[key] as ResponseObject;
    if (typeof response.$ref === 'string' && response.$ref.startsWith('#/')) {
      pointer = response.$ref.slice(2).split('/').map(unescapePointer);
      response = this.at(pointer) as ResponseObject;
    }
    const found = this.bodyProblem(answer, pointer, response) ?? this.headerProblem(answer, pointer, response);
    return found ? mismatch(found.problem, found.errors) : undefined;
  }

  // What is wrong with the answer's content type or body for the documented response, if anything.
  private bodyProblem(answer: Answer, pointer: string[], response: ResponseObject): Problem | undefined {
    const content = response?.content;
    const hasBody = answer.body.length > 0 && answer.method.toLowerCase() !== 'head';
    if (!content || Object.keys(content).length === 0) return hasBody ? { problem: 'the answer has a body; the document describes none for this status' } : undefined;
    if (!hasBody) return answer.method.toLowerCase() === 'head' ? undefined : { problem: 'the answer has no body; the document describes one for this status' };
    const mediaType = (answer.contentType ?? '').split(';')[0].trim().toLowerCase();
    const mediaKey = [mediaType, `${mediaType.split('/')[0]}/*`, '*/*'].find((k) => k in content);
    if (!mediaKey) return { problem: `content type ${answer.contentType ?? '(none)'} is not documented for this status (documented: ${Object.keys(content).join(', ')})` };
    if (!/^application\/([\w.-]+\+)?json$/.test(mediaType) || content[mediaKey].schema === undefined) return undefined;
    let body: unknown;
    try {
      body = JSON.parse(answer.body);
    } catch {
      return { problem: `the body is not JSON although it is sent as ${mediaType}` };
    }
    const validate = this.validator([...pointer, 'content', mediaKey, 'schema']);
    if (validate(body)) return undefined;
    return { problem: 'the body does not match the documented schema', errors: (validate.errors ?? []).slice(0, 10).map(describeError) };
  }

  // The documented response headers: each one required is there, and each one there has a value its schema
  // allows (a client reads ETag, Retry-After and the request id from them).
  private headerProblem(answer: Answer, pointer: string[], response: ResponseObject): Problem | undefined {
    const errors: string[] = [];
    for (const [name, declared] of Object.entries(response?.headers ?? {})) {
      if (name.toLowerCase() === 'content-type') continue;
      let at = [...pointer, 'headers', name];
      let header = declared;
      if (typeof header.$ref === 'string' && header.$ref.startsWith('#/')) {
        at = header.$ref.slice(2).split('/').map(unescapePointer);
        header = this.at(at) as HeaderObject;
      }
      const value = answer.headers[name.toLowerCase()];
      if (value === undefined) {
        if (header?.required === true) errors.push(`header ${name} is missing`);
        continue;
      }
      if (header?.schema === undefined) continue;
      const validate = this.validator([...at, 'schema']);
      const type = header.schema.type;
      if (!validate(type === 'integer' || type === 'number' ? Number(value) : value)) errors.push(`header ${name}: ${JSON.stringify(value)} ${(validate.errors ?? []).map((e) => e.message).join('; ')}`);
    }
    return errors.length > 0 ? { problem: 'the headers do not match the documented ones', errors } : undefined;
  }

  private validator(pointer: string[]): ValidateFunction {
    const ref = `${DOCUMENT_KEY}#/${pointer.map((p) => encodeURIComponent(p.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/')}`;
    let validate = this.validators.get(ref);
    if (!validate) {
      validate = this.ajv.getSchema(ref);
      if (!validate) throw new Error(`the document has no schema at ${ref}`);
      this.validators.set(ref, validate);
    }
    return validate;
  }

  private at(pointer: string[]): unknown {
    let node: unknown = this.document;
    for (const part of pointer) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
    return node;
  }
}

// The mismatches as a failure message: each kind once (operation, status, what is wrong, ajv's errors) with how
// often it was seen and one answer's path and body.
export function describeMismatches(mismatches: SchemaMismatch[]): string {
  const kinds = new Map<string, { first: SchemaMismatch; count: number }>();
  for (const m of mismatches) {
    const key = JSON.stringify([m.method, m.template ?? m.path, m.status, m.problem, m.errors]);
    const kind = kinds.get(key);
    if (kind) kind.count++;
    else kinds.set(key, { first: m, count: 1 });
  }
  const lines = [`${mismatches.length} answer(s) do not match the OpenAPI document:`];
  for (const { first: m, count } of kinds.values()) {
    lines.push(`- ${m.method} ${m.path} -> ${m.status}${m.template ? ` (${m.template})` : ''}${count > 1 ? ` [${count} times]` : ''}: ${m.problem}`);
    for (const error of m.errors ?? []) lines.push(`    ${error}`);
    if (m.body) lines.push(`    body: ${m.body}`);
  }
  return lines.join('\n');
}

// A listener for the server's requests that hands every answer to `onAnswer` as it is ended, without changing it:
// it keeps a copy of what is written and lets each write through unchanged. Put ahead of the app's own listener, it
// sees every answer the app gives, whichever part of it (the framework included) gives it.
export function recordAnswers(onAnswer: (answer: Answer) => void) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    const keep = (chunk: unknown, encoding: unknown): void => {
      if (typeof chunk === 'string') chunks.push(Buffer.from(chunk, typeof encoding === 'string' && Buffer.isEncoding(encoding) ? encoding : 'utf8'));
      else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
    };
    const write = res.write;
    const end = res.end;
    let ended = false;
    Object.defineProperty(res, 'write', {
      configurable: true,
      writable: true,
      value: (...args: unknown[]) => {
        keep(args[0], args[1]);
        return Reflect.apply(write, res, args);
      },
    });
    Object.defineProperty(res, 'end', {
      configurable: true,
      writable: true,
      value: (...args: unknown[]) => {
        if (!ended) {
          ended = true;
          if (typeof args[0] !== 'function') keep(args[0], args[1]);
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.getHeaders())) {
            if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
          }
          onAnswer({
            method: req.method ?? '',
            path: (req.url ?? '').split('?')[0],
            status: res.statusCode,
            contentType: headers['content-type'],
            headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        }
        return Reflect.apply(end, res, args);
      },
    });
  };
}

function routeOf(template: string, item: Record<string, unknown>): PathRoute {
  const segments = template.split('/').filter(Boolean);
  const pattern = new RegExp(`^/${segments.map((s) => (/^\{[^}]+\}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}$`);
  const methods: Record<string, Operation> = {};
  for (const [name, operation] of Object.entries(item)) if (METHODS.includes(name) && operation && typeof operation === 'object') methods[name] = operation;
  return { template, pattern, rank: segments.map((s) => (s.startsWith('{') ? 1 : 0)), methods };
}

// Literal segments first, from the left: /v1/webhooks/deliveries/{id} before /v1/webhooks/{id}/deliveries.
function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

function unescapePointer(part: string): string {
  return decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~');
}

function describeError(error: ErrorObject): string {
  return `${error.instancePath || '(body)'} ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`;
}

// OpenAPI 3.0 marks a schema that also admits null with `nullable: true`; JSON Schema 2020-12 says it with a type.
function fromOpenApi30(document: OpenApiDocument): OpenApiDocument {
  return { ...document, paths: nullableToType(document.paths) as OpenApiDocument['paths'], components: nullableToType(document.components) as OpenApiDocument['components'] };
}

function nullableToType(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(nullableToType);
  if (value === null || typeof value !== 'object') return value;
  const { nullable, ...rest } = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, nullableToType(v)]));
  if (nullable !== true) return nullable === undefined ? rest : { nullable, ...rest };
  if (typeof rest.type === 'string') return { ...rest, type: [rest.type, 'null'], ...(Array.isArray(rest.enum) ? { enum: [...rest.enum, null] } : {}) };
  return { anyOf: [rest, { type: 'null' }] };
}
