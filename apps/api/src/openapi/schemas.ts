import { getMetadataStorage } from 'class-validator';
import { targetConstructorToSchema, validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { nullableRequired } from './decorators';
import type { Json } from './http';

export const COMPONENTS = '#/components/schemas/';

// What our own validators check, for the converters of class-validator-jsonschema: the validators are the one
// truth about a field, so their schemas are written here beside the rest of the bridge, not on each field.
const CONVERTERS = {
  // ISO codes: the validators compare upper-cased, so either case is accepted.
  isISO4217CurrencyCode: { type: 'string' as const, pattern: '^[A-Za-z]{3}$', description: 'ISO 4217 currency code, e.g. USD.' },
  isISO31661Alpha2: { type: 'string' as const, pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2 country code, e.g. GB.' },
  isUrl: { type: 'string' as const, format: 'uri' },
  // A date, a date-time, or a date-time to the minute (which RFC 3339's date-time, and so the format, leaves out).
  isIso8601: {
    anyOf: [
      { type: 'string' as const, format: 'date' },
      { type: 'string' as const, format: 'date-time' },
      { type: 'string' as const, pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?:Z|[+-]\\d{2}:\\d{2})$' },
    ],
  },
  // IsDateOrDateTime (common/validation.ts): its pattern comes from its Matches and the formats from its ISO check;
  // the year bound is said in words.
  withinYears: { description: 'A date (2027-03-31) or a date-time with an offset (2027-03-31T12:00:00Z), in the years 0001 to 9999.' },
};

const OPTIONS = {
  refPointerPrefix: COMPONENTS,
  classValidatorMetadataStorage: getMetadataStorage(),
  classTransformerMetadataStorage: defaultMetadataStorage,
  additionalConverters: CONVERTERS,
};

// The classes the given ones hold through @Type (nested DTOs), and theirs.
function nestedClasses(roots: Function[]): Function[] {
  const found = new Set<Function>();
  const visit = (cls: Function) => {
    if (found.has(cls)) return;
    found.add(cls);
    for (const meta of getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false)) {
      const type = defaultMetadataStorage.findTypeMetadata(cls, meta.propertyName);
      const held: unknown = type?.typeFunction();
      if (typeof held === 'function' && held !== Number && held !== String && held !== Boolean) visit(held);
    }
  };
  roots.forEach(visit);
  return [...found];
}

// Every class-validator class (body DTOs, query classes, and what they nest) as a JSON Schema, keyed by class name.
// Objects are closed: the validation pipe refuses fields it does not know.
export function validatorSchemas(roots: Function[]): Record<string, Json> {
  const generated: Record<string, object> = { ...validationMetadatasToSchemas(OPTIONS) };
  // A class that only extends another (OrderLineDto) has no metadata of its own, so the bulk pass leaves it out.
  for (const cls of nestedClasses(roots)) generated[cls.name] ??= targetConstructorToSchema(cls, OPTIONS);
  const schemas: Record<string, Json> = {};
  for (const [name, generatedSchema] of Object.entries(generated)) {
    const schema: Json = { ...generatedSchema, additionalProperties: false };
    const nullable = nullableRequired.get(name) ?? [];
    const required = Array.isArray(schema.required) ? schema.required.map(String) : [];
    if (nullable.length > 0) schema.required = [...new Set([...required, ...nullable])];
    const properties = (schema.properties ?? {}) as Record<string, Json>;
    for (const property of Object.values(properties)) tidy(property);
    schemas[name] = schema;
  }
  return schemas;
}

// IsDefined becomes `not: null`, which says nothing a $ref or a type does not already say; a $ref needs no type.
function tidy(schema: Json): void {
  if (schema.not && (schema.$ref || schema.type)) delete schema.not;
  if (schema.$ref) delete schema.type;
}
