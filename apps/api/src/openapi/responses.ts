import schemas from './responses.schema.json';
import type { Json } from './http';

// The answer types' schemas, as scripts/openapi-responses.js generated them from the *.responses.ts types.
export function responseSchemas(): Record<string, Json> {
  return structuredClone(schemas as Record<string, Json>);
}
