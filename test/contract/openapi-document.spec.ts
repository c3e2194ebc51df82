import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { OPPORTUNITY_STAGES } from '@channel-ledger/domain';
import { TestApp, startTestApp } from '../support/test-app';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

type Json = { [key: string]: unknown };
type Operation = { operationId?: string; 'x-roles'?: unknown; description?: string; parameters?: Json[]; requestBody?: Json; responses: Record<string, Json> };

// Every object schema in the document, wherever it sits (components, parameters, bodies, answers, nested ones), with
// where it sits.
function objectSchemasIn(value: unknown, at: string, out: [string, Json][] = []): [string, Json][] {
  if (Array.isArray(value)) value.forEach((v, i) => objectSchemasIn(v, `${at}/${i}`, out));
  else if (value && typeof value === 'object') {
    const type = (value as Json).type;
    if (type === 'object' || (Array.isArray(type) && type.includes('object'))) out.push([at, value as Json]);
    for (const [key, child] of Object.entries(value)) if (key !== 'examples' && key !== 'example') objectSchemasIn(child, `${at}/${key}`, out);
  }
  return out;
}

// An object schema that says nothing about its fields: no properties and no schema for the others.
function isEmptyObject(schema: Json): boolean {
  const props = schema.properties as Json | undefined;
  const others = schema.additionalProperties;
  return (!props || Object.keys(props).length === 0) && (others === undefined || typeof others === 'boolean') && !schema.$ref && !schema.allOf && !schema.oneOf && !schema.anyOf;
}

describe('the OpenAPI document at /docs-json', () => {
  let t: TestApp;
  let doc: { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Json> } };
  let dir: string;
  const operations = () => Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })));

  beforeAll(async () => {
    t = await startTestApp();
    doc = (await request(t.http).get('/docs-json').expect(200)).body;
    dir = mkdtempSync(join(tmpdir(), 'openapi-'));
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is OpenAPI 3.1 and passes Redocly\'s recommended rules with no errors', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    // redocly exits 1 when there are errors; the report is on stdout either way.
    const { stdout } = await run(join(ROOT, 'node_modules/.bin/redocly'), ['lint', '--format=json', file], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }).catch((error: { stdout: string }) => error);
    const report = JSON.parse(stdout) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[] };
    const errors = report.problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
    expect(errors).toEqual([]);
    expect(report.totals.errors).toBe(0);
    // Each warning that remains is listed, with its reason, in the README's API section, and the README lists no rule
    // Redocly no longer warns about.
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const api = readme.slice(readme.indexOf('## API'), readme.indexOf('\n## ', readme.indexOf('## API') + 1));
    const rows = [...api.matchAll(/^\| `([a-z0-9-]+)` \| (.*) \|/gm)].map((m) => ({ rule: m[1], where: m[2] }));
    const listed = new Set(rows.map((r) => r.rule));
    const warnings = report.problems.filter((p) => p.severity === 'warn');
    expect([...new Set(warnings.map((p) => p.ruleId))].sort()).toEqual([...listed].sort());
    // And the row names the path each warning is about.
    const unlisted = warnings
      .map((p) => ({ rule: p.ruleId, path: decodeURIComponent(p.location[0]?.pointer ?? '').split('/')[2]?.replace(/~1/g, '/') ?? '' }))
      .filter(({ rule, path }) => !rows.some((r) => r.rule === rule && r.where.includes(`${path}\``)));
    expect(unlisted).toEqual([]);
  }, 120_000);

  it('names every operation uniquely, states its roles, and documents a success with a schema and the Problem errors', () => {
    const ids = new Set<string>();
    const missing: string[] = [];
    for (const { route, op } of operations()) {
      if (!op.operationId || ids.has(op.operationId)) missing.push(`${route}: operationId`);
      ids.add(op.operationId ?? '');
      if (!Array.isArray(op['x-roles'])) missing.push(`${route}: x-roles`);
      if (!/Roles: |Public: no token needed/.test(op.description ?? '')) missing.push(`${route}: roles in the description`);
      const successes = Object.entries(op.responses).filter(([status]) => status.startsWith('2'));
      const described = successes.some(([status, r]) => status === '204' || Object.values((r.content as Record<string, Json>) ?? {}).some((c) => c.schema));
      if (!described) missing.push(`${route}: a 2xx answer with a schema`);
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) >= 400 && !(route === 'GET /health' && status === '503') && response.$ref === undefined) missing.push(`${route}: ${status} is not a shared Problem response`);
      }
      // Every operation that needs a token says what happens without one.
      if ((op['x-roles'] as unknown[]).length > 0 && !op.responses['401']) missing.push(`${route}: 401`);
    }
    expect(missing).toEqual([]);
    expect(ids.size).toBeGreaterThan(80);
    for (const name of ['registerPartner', 'getPartner', 'listDealRegistrations', 'approveDealRegistration', 'getPartner360']) expect(ids).toContain(name);
  });

  it('has no empty object schema anywhere and closes its own objects', () => {
    const objects = objectSchemasIn(doc, '#');
    expect(objects.length).toBeGreaterThan(100);
    expect(objects.filter(([, s]) => isEmptyObject(s)).map(([at]) => at)).toEqual([]);
    // Request bodies are closed: the validation pipe refuses fields it does not know.
    const open = Object.entries(doc.components.schemas).filter(([name, s]) => name.endsWith('Dto') && s.additionalProperties !== false).map(([name]) => name);
    expect(open).toEqual([]);
    const problem = doc.components.schemas.Problem;
    expect(problem.additionalProperties).toBe(false);
    expect(problem.required).toEqual(['error', 'message', 'fields', 'requestId']);
  });

  it('documents path ids as UUIDs, query DTOs as parameters, and the headers the API reads', () => {
    const approve = doc.paths['/v1/deal-registrations/{registrationId}/approve'].post;
    const id = approve.parameters?.find((p) => p.name === 'registrationId');
    expect(id).toMatchObject({ in: 'path', required: true, schema: { type: 'string', format: 'uuid' } });
    const refs = approve.parameters?.map((p) => p.$ref);
    expect(refs).toEqual(expect.arrayContaining(['#/components/parameters/IfMatch', '#/components/parameters/IdempotencyKey', '#/components/parameters/RequestId', '#/components/parameters/CorrelationId']));
    expect(Object.keys(approve.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404', '409', '412', '413', '415', '422', '429', '503']));
    const list = doc.paths['/v1/deal-registrations'].get;
    const names = list.parameters?.filter((p) => p.in === 'query').map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['status', 'partnerId', 'programId', 'type', 'sort', 'order', 'limit', 'cursor', 'minPosition']));
    expect(list.parameters?.map((p) => p.$ref)).toContain('#/components/parameters/MinPosition');
    expect(list.parameters?.find((p) => p.name === 'limit')?.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 100 });
    const draft = doc.components.schemas.DraftRegistrationDto;
    expect(draft.additionalProperties).toBe(false);
    expect(draft.required).toEqual(expect.arrayContaining(['programId', 'customer', 'estimatedSize', 'expectedCloseDate', 'products']));
    // A required field that may be null: the validators skip null, so the bridge is told.
    expect(doc.components.schemas.ReparentDto).toMatchObject({ required: ['parentId'], properties: { parentId: { type: ['string', 'null'], format: 'uuid' } } });
  });

  it('spells the domain\'s lists the schema generator cannot read the same as the domain', () => {
    expect(doc.components.schemas.OpportunityStage.enum).toEqual([...OPPORTUNITY_STAGES]);
  });

  it('keeps apps/api/src/openapi/responses.schema.json generated from the answer types', async () => {
    // --check regenerates the schemas and exits 1 when the checked-in file differs.
    await expect(run(process.execPath, [join(ROOT, 'scripts/openapi-responses.js'), '--check'], { cwd: ROOT })).resolves.toBeDefined();
  }, 60_000);
});
