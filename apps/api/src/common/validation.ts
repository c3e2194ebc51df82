import { ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

export interface FieldProblem {
  field: string;
  reason: string;
}

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? (/^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    const own = Object.values(error.constraints ?? {}).map((reason) => ({ field, reason }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

export class ValidationFailed extends BadRequestException {
  constructor(readonly fields: FieldProblem[]) {
    super('the request body is not valid');
  }
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

// JSON.parse keeps "__proto__" as an ordinary key; the object mapping would drop it quietly. Refuse it instead,
// with its path, so a probe for prototype pollution gets a plain 400.
function forbiddenKeys(value: unknown, path = '', depth = 0): FieldProblem[] {
  if (depth > 32 || value === null || typeof value !== 'object') return [];
  return Object.keys(value).flatMap((key) => {
    const field = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    if (!Array.isArray(value) && FORBIDDEN_KEYS.has(key)) return [{ field, reason: `${key} is not an allowed property name` }];
    return forbiddenKeys((value as Record<string, unknown>)[key], field, depth + 1);
  });
}

class BodyValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body') {
      const problems = forbiddenKeys(value);
      if (problems.length > 0) throw new ValidationFailed(problems);
    }
    return super.transform(value, metadata);
  }
}

// Unknown fields are refused, not silently dropped: a client that misspells a field hears about it.
export function validationPipe(): ValidationPipe {
  return new BodyValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailed(flatten(errors)),
  });
}
