#!/usr/bin/env node
// Writes apps/api/src/openapi/responses.schema.json: the JSON Schema of every answer type named in the ResponseTypes
// map (apps/api/src/openapi/response-types.ts), generated from the TypeScript types. The OpenAPI document refers
// to these schemas by type name. Run it after changing a *.responses.ts file; a test fails while the checked-in
// file is stale. `--check` only compares, and exits 1 when the file would change.
const fs = require('node:fs');
const path = require('node:path');
const { createGenerator } = require('ts-json-schema-generator');

const root = path.resolve(__dirname, '..');
const source = path.join(root, 'apps/api/src/openapi/response-types.ts');
const target = path.join(root, 'apps/api/src/openapi/responses.schema.json');

function generate() {
  const generator = createGenerator({
    path: source,
    tsconfig: path.join(root, 'tsconfig.json'),
    type: 'ResponseTypes',
    expose: 'export',
    topRef: true,
    jsDoc: 'extended',
    sortProps: true,
    // Our answers are closed: a field the type does not name is not sent.
    additionalProperties: false,
    skipTypeCheck: true,
  });
  const { definitions } = generator.createSchema('ResponseTypes');
  const map = definitions.ResponseTypes;
  const schemas = {};
  for (const [name, property] of Object.entries(map.properties)) {
    // Each entry names its type under the type's own name, so the document's name for it is the type's.
    if (property.$ref !== `#/definitions/${name}`) throw new Error(`ResponseTypes.${name} must be the type ${name} itself`);
  }
  // Helper types (RecordAnswer<...>, Page<...>) get generated names that are no names for a reader: their schemas
  // are written out where they are used.
  const readable = (name) => /^[A-Za-z0-9_]+$/.test(name);
  const inline = (value) => {
    if (Array.isArray(value)) return value.map(inline);
    if (!value || typeof value !== 'object') return value;
    if (typeof value.$ref === 'string') {
      const name = decodeURIComponent(value.$ref.slice('#/definitions/'.length));
      if (!readable(name)) {
        const { $ref: _ref, ...rest } = value;
        return { ...inline(definitions[name]), ...rest };
      }
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inline(v)]));
  };
  for (const [name, schema] of Object.entries(definitions)) if (name !== 'ResponseTypes' && readable(name)) schemas[name] = inline(schema);
  const text = JSON.stringify(schemas, null, 2).replace(/"#\/definitions\//g, '"#/components/schemas/');
  return `${text}\n`;
}

const text = generate();
if (process.argv.includes('--check')) {
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  if (current !== text) {
    console.error(`${path.relative(root, target)} is stale: run node scripts/openapi-responses.js`);
    process.exit(1);
  }
} else {
  fs.writeFileSync(target, text);
  console.log(`wrote ${path.relative(root, target)}`);
}
